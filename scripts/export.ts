// npm run export -- --format jsonl [--out PATH] [--types T,...] [--source ID]
// Streams the graph from Neo4j (NEO4J_URI, or the local one) to PATH, or to standard output.
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { DomainError } from '../src/errors.ts';
import { exportJsonl } from '../src/export/jsonl.ts';
import { withDatabase } from './with-database.ts';

const usage = 'Usage: npm run export -- --format jsonl [--out PATH] [--types T,...] [--source ID]';
const option = { type: 'string' } as const;
const { values } = parseArgs({ options: { format: option, out: option, types: option, source: option } });
if (values.format !== 'jsonl') {
  console.error(values.format ? `export: format ${values.format} is not one of: jsonl\n${usage}` : usage);
  process.exit(2);
}
const options = { types: values.types?.split(','), source: values.source };

await withDatabase(async (db) => {
  try {
    await pipeline(
      Readable.from(exportJsonl(db, options)),
      values.out ? createWriteStream(values.out) : process.stdout,
    );
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    console.error(`export: ${error.message}`);
    process.exitCode = 1;
  }
});
