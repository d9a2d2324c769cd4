// npm run export -- --format F [--out PATH] [--types T,...] [--source ID] [--with-retracted]
// Streams the graph from Neo4j (NEO4J_URI, or the local one) to PATH, or to standard output. A
// format of several files (csv) needs --out, a directory it writes them into. As GET /export does
// without a token, it leaves out what was retracted or undone unless --with-retracted (a backup).
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { DomainError } from '../src/errors.ts';
import { exportFormats, formatNames, openFiles } from '../src/export/formats.ts';
import { withDatabase } from './with-database.ts';

const usage = `Usage: npm run export -- --format ${formatNames.join('|')} [--out PATH] [--types T,...] [--source ID] [--with-retracted]`;
const option = { type: 'string' } as const;
const { values } = parseArgs({
  options: {
    format: option,
    out: option,
    types: option,
    source: option,
    'with-retracted': { type: 'boolean', default: false },
  },
});
const format = values.format;
if (!format || !Object.hasOwn(exportFormats, format)) {
  console.error(
    values.format
      ? `export: format ${values.format} is not one of: ${formatNames.join(', ')}\n${usage}`
      : usage,
  );
  process.exit(2);
}
const out = values.out;
const options = { types: values.types?.split(','), source: values.source };

await withDatabase(async (db) => {
  try {
    const files = await openFiles(db, format, options, values['with-retracted']);
    const [only] = files.length === 1 ? files : [];
    if (only) {
      await pipeline(only.open(), out ? createWriteStream(out) : process.stdout);
    } else if (out) {
      await mkdir(out, { recursive: true });
      for (const file of files) await pipeline(file.open(), createWriteStream(join(out, file.name)));
    } else {
      console.error(`export: ${values.format} is ${files.length} files; --out names the directory for them`);
      process.exitCode = 2;
    }
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    console.error(`export: ${error.message}`);
    process.exitCode = 1;
  }
});
