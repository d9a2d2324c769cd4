import type { Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { loadAllSources } from '../../src/kb/load-all.ts';
import { FactsInvalidError } from '../../src/kb/validate.ts';

/**
 * Migrates and reconciles the graph with the real knowledge base, or with `dir` (idempotent, so
 * every file may call it; sources loaded by an earlier file go).
 */
export async function loadKnowledgeBase(db: Database, dir?: string): Promise<void> {
  await migrate(db);
  const { failed } = await loadAllSources(db, dir);
  // The loader skips a broken source; the tests must not.
  if (failed.length) throw new FactsInvalidError(failed.flatMap((failure) => failure.problems));
}
