// npm run kb:new -- --id ID --title TITLE --date YYYY-MM-DD [--title-th …] [--issuer …]
//   [--language th|en] [--url …] < text.txt
// Scaffolds a new source's three files under data/ (KB_DATA_DIR): the text read from standard
// input, unchanged; its metadata; and an empty facts file to add entities and relations to.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { checkSources } from '../src/kb/load-all.ts';
import { NewSourceError, newSourceFiles } from '../src/kb/new-source.ts';
import { dataDir as defaultDataDir, factsFileOf } from '../src/kb/source-files.ts';
import { formatProblem } from '../src/kb/validate.ts';
import { hasThai } from '../src/search/text.ts';

const usage =
  'Usage: npm run kb:new -- --id ID --title TITLE --date YYYY-MM-DD [--title-th TITLE] [--issuer WHO] [--language th|en] [--url URL] < text.txt';
const option = { type: 'string' } as const;
const { values } = parseArgs({
  options: {
    id: option,
    title: option,
    'title-en': option,
    'title-th': option,
    date: option,
    issuer: option,
    language: option,
    url: option,
  },
});
if (!values.id || !values.date || !(values.title || values['title-en'] || values['title-th'])) {
  console.error(usage);
  process.exit(2);
}
if (process.stdin.isTTY) {
  console.error(`kb:new reads the source's text from standard input.\n${usage}`);
  process.exit(2);
}
const dir = process.env.KB_DATA_DIR || defaultDataDir;
// --title is the title in the script it is written in.
const title = values.title;
const titleTh = values['title-th'] ?? (title && hasThai(title) ? title : undefined);
const titleEn = values['title-en'] ?? (title && !hasThai(title) ? title : undefined);

let files: Map<string, string>;
try {
  files = newSourceFiles(
    { ...values, id: values.id, date: values.date, titleEn, titleTh, text: readFileSync(0, 'utf8') },
    dir,
  );
} catch (error) {
  if (!(error instanceof NewSourceError)) throw error;
  for (const problem of error.problems) console.error(`kb:new: ${problem}`);
  process.exit(1);
}
const taken = [...files.keys()].filter((file) => existsSync(file));
if (taken.length) {
  console.error(
    `kb:new: source ${values.id} exists already: ${taken.map((f) => relative(dir, f)).join(', ')}`,
  );
  process.exit(1);
}
const problems = checkSources(dir, { files })
  .failed.filter((failure) => failure.source === values.id)
  .flatMap((failure) => failure.problems);
if (problems.length) {
  for (const problem of problems)
    console.error(formatProblem({ ...problem, file: relative(dir, problem.file) }));
  process.exit(1);
}
for (const [file, text] of files) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text, { flag: 'wx' });
  console.log(`wrote ${relative(process.cwd(), file)}`);
}
console.log(
  `Add its entities and relations to ${relative(process.cwd(), factsFileOf(values.id, dir))}, each with a section and a verbatim quote, then run npm run kb:check.`,
);
