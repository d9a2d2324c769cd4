import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { dataDir } from '../../src/facts/source-files.ts';
import { glossaryFor } from '../../src/search/glossary.ts';
import { createApp, testOptions } from '../../src/yoga.ts';
import { testDatabase } from '../helpers/database.ts';
import { loadKnowledgeBase, resolutionDir } from '../helpers/knowledge-base.ts';

// A knowledge base in a directory of its own, whose glossary has an entry no other has: the
// loader builds the search keys with that glossary and search reads queries with it, not with
// the glossary of the run's data/ (or of the repository).
const TERM = 'zorblax';

let db: Database;
let dir: string;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  db = testDatabase();
  dir = resolutionDir();
  appendFileSync(join(dir, 'glossary.yaml'), `- [${TERM}, Working Group on Anti-Online Scam]\n`);
  // From an empty graph: a reload whose values shown do not change leaves an entity's search keys
  // as they were, whatever the glossary (src/loader/reconcile.ts, recomputeShown).
  const empty = join(dirname(dir), 'empty');
  mkdirSync(join(empty, 'facts'), { recursive: true });
  await loadKnowledgeBase(db, empty);
  await loadKnowledgeBase(db, dir);
  app = createApp(db, { ...testOptions, dataDir: dir });
});
afterAll(() => db.close());

async function search(query: string): Promise<string[]> {
  const response = await app.fetch('http://test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'query ($q: String!) { search(query: $q, first: 5) { entity { id } } }',
      variables: { q: query },
    }),
  });
  const body = (await response.json()) as { data: { search: Array<{ entity: { id: string } }> } };
  return body.data.search.map((hit) => hit.entity.id);
}

const hasTerm = (directory: string) =>
  glossaryFor(directory).entries.some((entry) => entry.some((form) => form.text === TERM));

describe('a knowledge base with its own glossary', () => {
  it('is loaded and searched with that glossary', async () => {
    expect(hasTerm(dir)).toBe(true);
    expect(hasTerm(dataDir)).toBe(false);
    const [node] = await db.read({
      name: 'test.searchAlso',
      cypher: 'MATCH (n:Entity {id: "wg-as"}) RETURN n.searchAlso AS also',
    });
    expect(String(node?.also)).toContain(TERM);
    expect(await search(TERM)).toContain('wg-as');
  });
});
