// npm run bench:import-quality: how faithfully each format of the test record
// (test/fixtures/documents/, made by its make.ts) comes back as text, as character error rates
// against the ground truth: before and after the Thai repair, OCR alone and after clean-up.
// Writes docs/reports/import-quality.md.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { characterErrorRate } from '../src/import/cer.ts';
import { readDocument } from '../src/import/document.ts';
import { importLimits } from '../src/import/limits.ts';
import { runTool } from '../src/import/run-tool.ts';

const dir = 'test/fixtures/documents';
const truth = readFileSync(join(dir, 'record.txt'), 'utf8');
const limits = importLimits();
const rows: string[][] = [];

async function measure(label: string, path: string, hypothesis: () => Promise<string>, expected = truth) {
  const started = performance.now();
  const text = await hypothesis();
  const seconds = (performance.now() - started) / 1000;
  const cer = characterErrorRate(expected, text);
  rows.push([label, path, `${(cer * 100).toFixed(2)}%`, `${seconds.toFixed(1)} s`]);
  console.log(rows.at(-1)?.join(' | '));
}

const imported = async (file: string) =>
  (await readDocument(readFileSync(join(dir, file)), file, { limits })).text;
const raw = async (command: string, ...args: string[]) =>
  (await runTool(command, args, { timeoutMs: 600_000 })).stdout.toString('utf8');

await measure('.txt', 'as written', () => imported('record.txt'));
await measure('PDF, Chromium print in Laksaman (TLWG)', 'text layer before repair (pdftotext)', () =>
  raw('pdftotext', '-enc', 'UTF-8', join(dir, 'record.pdf'), '-'),
);
await measure('PDF, Chromium print in Laksaman (TLWG)', 'text layer after repair (kb:import)', () =>
  imported('record.pdf'),
);
await measure('DOCX, runs split inside words', 'mammoth (kb:import)', () => imported('record.docx'));
await measure(
  'HTML with navigation, scripts, aside, footer',
  'Readability main text, headline first (kb:import)',
  () => imported('record.html'),
  readFileSync(join(dir, 'record.html.txt'), 'utf8'),
);
const scan = join(dir, 'record-scan.pdf');
await measure('Scan, 200 dpi, no text layer', 'OCR alone (tesseract tha+eng on pdftoppm pages)', async () => {
  const pages = Number(/Pages:\s+(\d+)/.exec(await raw('pdfinfo', scan))?.[1]);
  let text = '';
  for (let page = 1; page <= pages; page += 1) {
    const range = ['-f', String(page), '-l', String(page)];
    const png = `/tmp/import-quality-page`;
    await raw('pdftoppm', ...range, '-singlefile', '-r', '200', '-gray', '-png', scan, png);
    text += await raw('tesseract', `${png}.png`, 'stdout', '-l', 'tha+eng');
  }
  return text;
});
await measure('Scan, 200 dpi, no text layer', 'OCR after clean-up (kb:import)', () =>
  imported('record-scan.pdf'),
);

// Speed and memory of the whole command, on PDFs of 20 and 200 text-layer pages (the record's pages
// repeated), and the scan's OCR per page.
const scratch = mkdtempSync(join(tmpdir(), 'import-speed-'));
await raw('pdfseparate', join(dir, 'record.pdf'), join(scratch, 'page-%d.pdf'));
const recordPages = readdirSync(scratch).length;
const speed: string[][] = [];
for (const count of [20, 200]) {
  const file = join(scratch, `pages-${count}.pdf`);
  const parts = Array.from({ length: count }, (_, index) =>
    join(scratch, `page-${(index % recordPages) + 1}.pdf`),
  );
  await raw('pdfunite', ...parts, file);
  const data = join(scratch, `data-${count}`);
  cpSync('data', data, { recursive: true });
  const timed = spawnSync(
    '/usr/bin/time',
    [
      '-f',
      '%e %M',
      process.execPath,
      '--import',
      'tsx',
      'scripts/kb-import.ts',
      file,
      '--id',
      `speed-${count}`,
      '--title',
      'Speed',
      '--date',
      '2024-07-09',
    ],
    { encoding: 'utf8', env: { ...process.env, KB_DATA_DIR: data } },
  );
  const [seconds, kib] = (timed.stderr.trim().split('\n').at(-1) ?? '').split(' ').map(Number);
  speed.push([
    `${count}-page text-layer PDF`,
    `${seconds?.toFixed(1)} s`,
    `${Math.round((kib ?? 0) / 1024)} MiB`,
  ]);
  console.log(speed.at(-1)?.join(' | '));
}
rmSync(scratch, { recursive: true, force: true });
const scanPages = Number(/Pages:\s+(\d+)/.exec(await raw('pdfinfo', scan))?.[1]);
const scanSeconds = Number.parseFloat(rows.at(-1)?.[3] ?? '0');

const table = [
  '| document | path | CER | time |',
  '| --- | --- | ---: | ---: |',
  ...rows.map((row) => `| ${row.join(' | ')} |`),
].join('\n');
writeFileSync(
  'docs/reports/import-quality.md',
  `# Import quality

Written by \`npm run bench:import-quality\` on ${new Date().toISOString().slice(0, 10)}. The ground truth is
\`test/fixtures/documents/record.txt\` (${truth.length} characters of a Thai Cabinet record, three sections
with English names and figures); \`make.ts\` beside it prints it to PDF in Chromium with a TLWG Thai font,
scans that PDF (pages rasterised at 200 dpi, wrapped by img2pdf), and writes it as a Word file and a web page.
CER is the character error rate: edit distance over the truth's length, every run of whitespace counted as one
space. Times are on this 2-core machine, shared with other work.

${table}

Speed of \`npm run kb:import\` as a whole (Node's start included), and its peak memory (RSS):

| document | time | peak RSS |
| --- | ---: | ---: |
${speed.map((row) => `| ${row.join(' | ')} |`).join('\n')}
| scan, OCR | ${(scanSeconds / scanPages).toFixed(1)} s a page | |

What is left after repair is mostly line breaks: a space the original had at the very end of a wrapped line
is lost when Thai lines are joined without one, and a paragraph whose last line happens to fill the width is
joined to the next. OCR's own errors are dropped tone marks (ที for ที่) and look-alike letters.
`,
);
