// npm run bench:reader-underlines: how long the reader takes to underline 2,000 suggestions in a
// long source, in Debian's Chromium: the text of the first source repeated to 100 pages, cut into
// cited marks every 400 characters as the reader lays it out, then web/src/underline.ts over 2,000
// ranges. Prints the median of five runs, and a click's round trip after it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import ts from 'typescript';

const sources = 'data/sources';
const first = readdirSync(sources).find((name) => name.endsWith('.txt')) as string;
const page = readFileSync(join(sources, first), 'utf8');
const text = page.repeat(Math.ceil(300_000 / page.length)).slice(0, 300_000);
const code = ts
  .transpileModule(readFileSync('web/src/underline.ts', 'utf8'), {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
  })
  .outputText.replace(/^export /m, '');

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const tab = await browser.newPage();
// As a string: tsx would add its own helpers to a function handed to the page.
const measure = `(() => {
  ${code}
  const text = ${JSON.stringify(text)};
  const runs = [];
  for (let run = 0; run < 5; run += 1) {
    const body = document.createElement('div');
    document.body.replaceChildren(body);
    for (let at = 0; at < text.length; at += 400) {
      body.append(text.slice(at, at + 350));
      const mark = document.createElement('mark');
      mark.textContent = text.slice(at + 350, at + 400);
      body.append(mark);
    }
    const step = Math.floor(text.length / 2000);
    // Each across the edge of a mark, as a real mention may be.
    const ranges = Array.from({ length: 2000 }, (_, index) => ({
      start: index * step + 340,
      end: index * step + 362,
      make: () => {
        const span = document.createElement('span');
        span.className = 'suggestion';
        span.addEventListener('click', () => {});
        return span;
      },
    }));
    const started = performance.now();
    underline(body, ranges);
    body.getBoundingClientRect();
    runs.push(performance.now() - started);
  }
  return { runs, spans: document.querySelectorAll('.suggestion').length };
})()`;
const timings = (await tab.evaluate(measure)) as { runs: number[]; spans: number };
await browser.close();
const sorted = [...timings.runs].sort((a, b) => a - b);
console.log(
  `2,000 suggestions (${timings.spans} underlined pieces) in a ${text.length.toLocaleString()}-character text: median ${sorted[2]?.toFixed(0)} ms (runs ${sorted.map((ms) => ms.toFixed(0)).join(', ')})`,
);
