import type { Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { loadAllSources } from '../../src/kb/load-all.ts';

/** Migrates and loads the real knowledge base (idempotent, so every file may call it). */
export async function loadKnowledgeBase(db: Database): Promise<void> {
  await migrate(db);
  await loadAllSources(db);
}
