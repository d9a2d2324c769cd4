import { cpSync, mkdtempSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { inject } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { FactsInvalidError } from '../../src/facts/source-facts.ts';
import { dataDir } from '../../src/facts/source-files.ts';
import { loadAllSources } from '../../src/loader/load-all.ts';
import { RESOLUTION } from './resolution.ts';

export { CURATED_REFERENCE, RESOLUTION } from './resolution.ts';

/**
 * Migrates and reconciles the graph with `dir`, by default the run's copy of data/ (whatever
 * sources it holds: test/helpers/data-copy.ts). Idempotent, so every file may call it; sources
 * loaded by an earlier file go.
 */
export async function loadKnowledgeBase(db: Database, dir: string = dataDir): Promise<void> {
  await migrate(db);
  const { failed } = await loadAllSources(db, dir);
  // The loader skips a broken source; the tests must not.
  if (failed.length) throw new FactsInvalidError(failed.flatMap((failure) => failure.problems));
}

/**
 * A new directory laid out as data/ holding the resolution alone (with the glossary), plus the
 * fixture sources named (directories under test/fixtures, laid out as data/). Tests that assert
 * what the resolution states, or answers computed over the whole graph, read this: another
 * source in data/ cannot change them.
 */
export function resolutionDir(...fixtures: string[]): string {
  // In the run's temporary folder (test/helpers/data-copy.ts), which goes when the run ends.
  const dir = join(mkdtempSync(join(dirname(inject('kbDataDir')), 'resolution-')), 'data');
  for (const file of [
    'glossary.yaml',
    `sources/${RESOLUTION}.txt`,
    `sources/${RESOLUTION}.meta.yaml`,
    `facts/${RESOLUTION}.yaml`,
  ])
    cpSync(join(dataDir, file), join(dir, file));
  for (const fixture of fixtures)
    cpSync(join(import.meta.dirname, '../fixtures', fixture), dir, { recursive: true });
  return dir;
}

/** Loads the resolution alone, or with the fixture sources named: see resolutionDir. */
export async function loadResolution(db: Database, ...fixtures: string[]): Promise<void> {
  await loadKnowledgeBase(db, resolutionDir(...fixtures));
}
