import type { Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { loadAllSources } from '../../src/kb/load-all.ts';
import { FactsInvalidError } from '../../src/kb/validate.ts';

/** Migrates and loads the real knowledge base (idempotent, so every file may call it). */
export async function loadKnowledgeBase(db: Database): Promise<void> {
  await migrate(db);
  const { failed } = await loadAllSources(db);
  // The loader skips a broken source; the tests must not.
  if (failed.length) throw new FactsInvalidError(failed.flatMap((failure) => failure.problems));
}
