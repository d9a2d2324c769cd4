import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { readMarked } from '../../bench/suggestion-eval.ts';
import { TokenStore } from '../../src/auth/tokens.ts';
import type { Database } from '../../src/db/database.ts';
import { dataDir } from '../../src/kb/source-files.ts';
import { createApp } from '../../src/yoga.ts';
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
  const run = mkdtempSync(join(tmpdir(), `${name}-`));
  const dir = join(run, 'data');
  cpSync(dataDir, dir, { recursive: true });
  const file = join(run, 'resolution.txt');
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
  const tokens = new TokenStore(join(run, 'tokens.json'));
  const app = createApp(db, {
    graphiql: false,
    introspection: true,
    debugRoundTrips: false,
    dataDir: dir,
    tokensFile: tokens.file,
  });
  const token = tokens.create('curator', ['curate']).token;
  const gql = async (query: string, variables: Record<string, unknown> = {}, bearer?: string) => {
    const response = await app.fetch('http://test/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as {
      data?: Record<string, unknown> | null;
      errors?: Array<{ message: string; extensions?: { code?: string } }>;
    };
    return { status: response.status, data: body.data ?? {}, errors: body.errors };
  };
  return { dir, gql, token };
}
