// npm run kb:import -- FILE --id ID [--title T] [--title-th T] [--date YYYY-MM-DD]
//   [--language th|en] [--url U] [--issuer WHO] [--allow-missing-pages]
// Reads a document (PDF, scan, image, Word .docx, web page, text or Markdown; src/import/) into
// a new source under data/ (KB_DATA_DIR): its text, its metadata with the original's name,
// format, sha256 and page map, an empty facts file, and the original beside the text.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { NewSourceError } from '../src/facts/new-source.ts';
import { dataDir as defaultDataDir } from '../src/facts/source-files.ts';
import { importedSourceFiles, readDocument } from '../src/import/document.ts';
import { ImportError, importLimits } from '../src/import/limits.ts';
import { hasThai } from '../src/search/text.ts';
import { writeNewSource } from './write-new-source.ts';

const usage =
  'Usage: npm run kb:import -- FILE --id ID [--title T] [--title-th T] [--date YYYY-MM-DD] [--language th|en] [--url U] [--issuer WHO] [--allow-missing-pages]';
const option = { type: 'string' } as const;
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    id: option,
    title: option,
    'title-en': option,
    'title-th': option,
    date: option,
    issuer: option,
    language: option,
    url: option,
    'allow-missing-pages': { type: 'boolean' },
  },
});
const [path] = positionals;
if (!path || !values.id || positionals.length > 1) {
  console.error(usage);
  process.exit(2);
}
const dir = process.env.KB_DATA_DIR || defaultDataDir;
const name = basename(path);
const started = performance.now();

try {
  const bytes = readFileSync(path);
  const document = await readDocument(bytes, name, {
    limits: importLimits(),
    allowMissingPages: values['allow-missing-pages'],
    onPage: (number, page) =>
      console.log(
        `page ${number}: ${page.path}, quality ${page.quality.toFixed(3)}${page.problem ? ` (${page.problem})` : ''}`,
      ),
  });
  const date = values.date ?? new Date().toISOString().slice(0, 10);
  if (!values.date)
    console.log(`date: none given, ${date} (today) recorded; correct it in the meta if need be`);
  // --title goes to titleTh or titleEn by its script.
  const title = values.title;
  const { files, original } = importedSourceFiles(
    document,
    {
      ...values,
      id: values.id,
      date,
      titleTh: values['title-th'] ?? (title && hasThai(title) ? title : undefined),
      titleEn: values['title-en'] ?? (title && !hasThai(title) ? title : undefined),
    },
    name,
    bytes,
    dir,
  );
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`${name}: ${document.format}, ${document.text.length} characters, read in ${seconds} s`);
  writeNewSource('kb:import', values.id, dir, files, original);
} catch (error) {
  if (error instanceof NewSourceError)
    for (const problem of error.problems) console.error(`kb:import: ${problem}`);
  else if (error instanceof ImportError) console.error(`kb:import: ${error.message}`);
  else if ((error as NodeJS.ErrnoException).code === 'ENOENT')
    console.error(`kb:import: ${path}: no such file`);
  else throw error;
  process.exit(1);
}
