// npm run kb:new -- --id ID --title TITLE --date YYYY-MM-DD [--title-th …] [--issuer …]
//   [--language th|en] [--url …] < text.txt
// Scaffolds a new source's three files under data/ (KB_DATA_DIR): the text read from standard
// input, unchanged; its metadata; and an empty facts file to add entities and relations to.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { NewSourceError, newSourceFiles } from '../src/facts/new-source.ts';
import { dataDir as defaultDataDir } from '../src/facts/source-files.ts';
import { hasThai } from '../src/search/text.ts';
import { writeNewSource } from './write-new-source.ts';

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
writeNewSource('kb:new', values.id, dir, files);
