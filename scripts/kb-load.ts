// npm run kb:load: migrates, validates and reconciles the graph with data/ (or the directory given):
// every source loaded in its own transaction, sources whose files are gone removed, and each
// source's changes printed. A broken source is reported and skipped while the others load; exit 1
// when any was skipped, or when data/glossary.yaml is broken. `npm run kb:plan` shows the same changes without writing them.
import { migrate } from '../src/db/migrate.ts';
import { curationLock, exclusively } from '../src/db/write-lock.ts';
import type { SourceFailure } from '../src/facts/check-sources.ts';
import { FactsInvalidError } from '../src/facts/source-facts.ts';
import { dataDir } from '../src/facts/source-files.ts';
import { formatChange, loadAllSources } from '../src/loader/load-all.ts';
import { glossaryFor } from '../src/search/glossary.ts';
import { withDatabase } from './with-database.ts';

const args = process.argv.slice(2);
const dryRun = args.includes('--plan');
const json = args.includes('--json');
const dir = args.find((arg) => !arg.startsWith('--')) ?? dataDir;

let failed: SourceFailure[] = [];
try {
  await withDatabase(async (db) => {
    if (!dryRun) await migrate(db);
    // A load is a write like a curation's: it waits for the one running on any replica.
    const load = () => loadAllSources(db, dir, { dryRun });
    const result = dryRun ? await load() : await exclusively(db, curationLock, load);
    failed = result.failed;
    if (json) {
      console.log(JSON.stringify({ dryRun, changes: result.changes, failed: result.failed }, null, 2));
      return;
    }
    if (dryRun) console.log('Plan: what `npm run kb:load` would change (nothing is written).');
    for (const change of result.changes) console.log(formatChange(change).join('\n'));
  });
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
if (failed.length && !json) {
  console.error(
    `Skipped ${failed.map((failure) => failure.source).join(', ')}; the graph keeps their last good load.`,
  );
  console.error(new FactsInvalidError(failed.flatMap((failure) => failure.problems)).message);
}
// The search keys were built without the reviewed glossary if its file is broken: say so.
const { problems } = glossaryFor(dir);
for (const problem of problems) console.error(`glossary: ${problem}; search keys were built without it`);
if (failed.length || problems.length) process.exit(1);
