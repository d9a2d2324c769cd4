// npm run kb:load: migrates, validates and loads every source into NEO4J_URI (or the local Neo4j).
import { migrate } from '../src/db/migrate.ts';
import { loadAllSources } from '../src/kb/load-all.ts';
import { FactsInvalidError } from '../src/kb/validate.ts';
import { withDatabase } from './with-database.ts';

try {
  await withDatabase(async (db) => {
    await migrate(db);
    for (const line of await loadAllSources(db, process.argv[2])) console.log(line);
  });
} catch (error) {
  console.error(error instanceof FactsInvalidError ? error.message : error);
  process.exit(1);
}
