import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { readMarked } from '../../bench/suggestion-eval.ts';
import type { Database } from '../../src/db/database.ts';
import { curationFixture } from './api.ts';
import { loadKnowledgeBase } from './knowledge-base.ts';
import { runScript } from './scripts.ts';

/** The Thai resolution of the evaluation set (test/fixtures/suggestions), marks taken out. */
export const fixture = readMarked(
  readFileSync(join(import.meta.dirname, '../fixtures/suggestions/tune-th-resolution.txt'), 'utf8'),
);
export const SOURCE = 'suggest-fixture-resolution';

/**
 * A copy of the run's data/ with the fixture imported by `npm run kb:import` as source SOURCE,
 * loaded into the test Neo4j, and the app over it; `gql` takes a token, `token` curates.
 */
export async function suggestFixture(db: Database, name: string) {
  const { dir, app, gql, tokens } = await curationFixture(db, name);
  const file = join(dirname(dir), 'resolution.txt');
  writeFileSync(file, fixture.text);
  const imported = runScript(
    'kb-import.ts',
    [file, '--id', SOURCE, '--date', '2025-01-20', '--title', 'มติ'],
    {
      KB_DATA_DIR: dir,
    },
  );
  expect(imported.status, imported.stderr).toBe(0);
  await loadKnowledgeBase(db, dir);
  return { dir, app, gql, token: tokens.create('curator', ['curate']).token };
}
