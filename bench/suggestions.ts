// npm run bench:suggestions: the suggestion quality set (test/fixtures/suggestions: recall and
// precision of known-entity mentions per variant and per rule, tuned on four documents and reported
// on two kept aside) and the speed on a 100-page source, to docs/reports/suggestion-quality.md.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir } from '../src/facts/source-files.ts';
import { lexiconDataFor } from '../src/suggest/lexicon-files.ts';
import { suggest } from '../src/suggest/suggest.ts';
import { type Evaluation, evaluate, readMarked, type Tally, totalOf } from './suggestion-eval.ts';

const fixtures = join(import.meta.dirname, '../test/fixtures/suggestions');
const data = lexiconDataFor(dataDir);
const files = readdirSync(fixtures)
  .filter((file) => file.endsWith('.txt'))
  .sort();
const results = new Map(
  files.map((file) => [file, evaluate(readFileSync(join(fixtures, file), 'utf8'), data)]),
);

const pct = (t: Tally) =>
  t.total ? `${((100 * t.found) / t.total).toFixed(1)}% (${t.found}/${t.total})` : '–';
const merge = (tables: Array<Record<string, Tally>>) => {
  const out: Record<string, Tally> = {};
  for (const table of tables)
    for (const [name, t] of Object.entries(table)) {
      out[name] ??= { found: 0, total: 0 };
      out[name].found += t.found;
      out[name].total += t.total;
    }
  return out;
};

function section(title: string, names: string[]): string[] {
  const evaluations = names.map((name) => results.get(name) as Evaluation);
  const lines = [`## ${title}`, '', '| Document | Recall | Precision |', '| --- | --- | --- |'];
  for (const name of names) {
    const e = results.get(name) as Evaluation;
    lines.push(`| ${name} | ${pct(totalOf(e.recall))} | ${pct(totalOf(e.precision))} |`);
  }
  for (const language of ['en', 'th']) {
    const chosen = names
      .filter((name) => name.includes(`-${language}-`))
      .map((name) => results.get(name) as Evaluation);
    lines.push(
      `| **${language === 'en' ? 'English' : 'Thai'}** | ${pct(totalOf(merge(chosen.map((e) => e.recall))))} | ${pct(totalOf(merge(chosen.map((e) => e.precision))))} |`,
    );
  }
  const recall = merge(evaluations.map((e) => e.recall));
  const precision = merge(evaluations.map((e) => e.precision));
  lines.push('', '| Variant (recall) | | Rule that proposed (precision) | |', '| --- | --- | --- | --- |');
  const left = Object.keys(recall).sort();
  const right = Object.keys(precision).sort();
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const l = left[i];
    const r = right[i];
    lines.push(
      `| ${l ?? ''} | ${l ? pct(recall[l] as Tally) : ''} | ${r ?? ''} | ${r ? pct(precision[r] as Tally) : ''} |`,
    );
  }
  const misses = evaluations.flatMap((e) => e.misses);
  const wrong = evaluations.flatMap((e) => e.wrong);
  lines.push('', `Missed: ${misses.length ? misses.map((m) => `\`${m}\``).join('; ') : 'none'}.`);
  lines.push('', `Wrong: ${wrong.length ? wrong.map((m) => `\`${m}\``).join('; ') : 'none'}.`, '');
  return lines;
}

// Speed: a 100-page source (about 3,000 characters a page), made of the six documents, Thai and English.
const plain = files.map((file) => readMarked(readFileSync(join(fixtures, file), 'utf8')).text).join('\n');
const page = plain.slice(0, 3000);
const hundred = Array.from({ length: 100 }, (_, i) =>
  `${i + 1}\n${plain.slice((i * 977) % plain.length)}${page}`.slice(0, 3000),
).join('\n');
suggest(hundred.slice(0, 5000), data); // warms ICU's Thai dictionary
const times: number[] = [];
let count = 0;
for (let run = 0; run < 5; run++) {
  const started = performance.now();
  count = suggest(`${hundred}\n${run}`, data).length;
  times.push(performance.now() - started);
}
times.sort((a, b) => a - b);
const median = times[2] as number;

const report = [
  '# Suggestion quality',
  '',
  'Known-entity mentions found by `npm run kb:suggest` (src/suggest/) on the evaluation set in',
  '`test/fixtures/suggestions/` (six documents written for issue 34: a press release, a Cabinet resolution,',
  "a chair's summary and minutes, in English and in Thai, every mention marked). A mention counts when its",
  'span and its entity are both right. Rules were tuned on the four `tune-*` documents only; the two',
  '`holdout-*` documents were written before any run and measured once. Written by `npm run bench:suggestions`.',
  '',
  ...section(
    'Kept aside (the report)',
    files.filter((file) => file.startsWith('holdout-')),
  ),
  ...section(
    'Tuned on',
    files.filter((file) => file.startsWith('tune-')),
  ),
  '## Speed',
  '',
  `A 100-page source (${hundred.length.toLocaleString('en')} characters, Thai and English): ${count.toLocaleString('en')} suggestions in ${median.toFixed(0)} ms (median of 5; ${times.map((t) => t.toFixed(0)).join(', ')} ms), on two shared cores. Target: under 2 s.`,
  '',
];
writeFileSync(join(import.meta.dirname, '../docs/reports/suggestion-quality.md'), report.join('\n'));
console.log(report.join('\n'));
