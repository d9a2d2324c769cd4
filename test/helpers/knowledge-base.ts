import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { loadAllSources } from '../../src/kb/load-all.ts';
import { dataDir } from '../../src/kb/source-files.ts';
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

/** The real knowledge base plus a fixture source (a directory under test/fixtures, laid out as data/). */
export async function loadKnowledgeBaseWith(db: Database, fixture: string): Promise<void> {
  const both = mkdtempSync(join(tmpdir(), `kb-with-${fixture}-`));
  cpSync(dataDir, both, { recursive: true });
  cpSync(join(import.meta.dirname, '../fixtures', fixture), both, { recursive: true });
  await loadKnowledgeBase(db, both);
}
