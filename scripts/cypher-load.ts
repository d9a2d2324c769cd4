// npm run cypher:load -- FILE
// Runs a script written by `npm run export -- --format cypher` into an empty Neo4j (NEO4J_URI, or
// the local one), a statement at a time. A database that holds nodes is refused.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { DomainError } from '../src/errors.ts';
import { loadCypherScript } from '../src/export/cypher.ts';
import { withDatabase } from './with-database.ts';

const [file] = process.argv.slice(2);
if (!file) {
  console.error('Usage: npm run cypher:load -- FILE');
  process.exit(2);
}

await withDatabase(async (db) => {
  try {
    const lines = createInterface({
      input: createReadStream(file, 'utf8'),
      crlfDelay: Number.POSITIVE_INFINITY,
    });
    const count = await loadCypherScript(db, lines);
    console.log(`cypher:load: ${count} statements run from ${file}`);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    console.error(`cypher:load: ${error.message}`);
    process.exitCode = 1;
  }
});
