// npm run cypher:load -- FILE
// Runs a script written by `npm run export -- --format cypher` into an empty Neo4j (NEO4J_URI, or
// the local one), a statement at a time. A database that holds nodes is refused. FILE `-` is
// standard input.
import { accessSync, constants, createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Neo4jError } from 'neo4j-driver';
import { DomainError } from '../src/errors.ts';
import { loadCypherScript } from '../src/export/cypher.ts';
import { withDatabase } from './with-database.ts';

const [file] = process.argv.slice(2);
if (!file) {
  console.error('Usage: npm run cypher:load -- FILE');
  process.exit(2);
}
try {
  if (file !== '-') accessSync(file, constants.R_OK);
} catch (error) {
  console.error(`cypher:load: cannot read ${file} (${(error as NodeJS.ErrnoException).code})`);
  process.exit(2);
}

/**
 * The file's lines, read once they are asked for. A readline interface made before an await (the
 * check that the database is empty) reads the whole file meanwhile, with no one listening: its
 * lines and its end are lost, and a loop over it waits forever.
 */
async function* lines(path: string): AsyncGenerator<string> {
  const input = path === '-' ? process.stdin.setEncoding('utf8') : createReadStream(path, 'utf8');
  yield* createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
}

await withDatabase(async (db) => {
  try {
    const count = await loadCypherScript(db, lines(file));
    console.log(`cypher:load: ${count} statements run from ${file}`);
  } catch (error) {
    // A statement Neo4j refuses is the file's fault, not ours: its message, not a stack.
    if (!(error instanceof DomainError || error instanceof Neo4jError)) throw error;
    console.error(`cypher:load: ${error.message}`);
    process.exitCode = 1;
  }
});
