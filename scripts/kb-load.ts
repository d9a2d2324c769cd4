// npm run kb:load: migrates, validates and loads every source into NEO4J_URI (or the local Neo4j).
// A broken source is reported and skipped while the others load; exit 1 when any was skipped.
import { migrate } from '../src/db/migrate.ts';
import { loadAllSources, type SourceFailure } from '../src/kb/load-all.ts';
import { FactsInvalidError } from '../src/kb/validate.ts';
import { withDatabase } from './with-database.ts';

let failed: SourceFailure[] = [];
try {
  await withDatabase(async (db) => {
    await migrate(db);
    const result = await loadAllSources(db, process.argv[2]);
    for (const line of result.reports) console.log(line);
    failed = result.failed;
  });
} catch (error) {
  console.error(error);
  process.exit(1);
}
if (failed.length) {
  console.error(
    `Skipped ${failed.map((failure) => failure.source).join(', ')}; the graph keeps their last good load.`,
  );
  console.error(new FactsInvalidError(failed.flatMap((failure) => failure.problems)).message);
  process.exit(1);
}
