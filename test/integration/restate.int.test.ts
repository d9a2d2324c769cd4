import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import type { EntityFact, SourceFacts } from '../../src/facts/source-facts.ts';
import { dataDir } from '../../src/facts/source-files.ts';
import { loadSource, removeSource } from '../../src/loader/load.ts';
import { testDatabase } from '../helpers/database.ts';

// SYNTHETIC: two sources that state one entity, first alike, then not. A source that claims an
// entity exactly as another does is not recomputed (src/loader/reconcile.ts); these check that nothing shown
// differs from what recomputing would give.
let db: Database;

const entity = (props: Record<string, unknown>, quote: string): EntityFact => ({
  id: 'fx-restated',
  type: 'Country',
  props: { name: 'Restatia', nameTh: 'เรสเตเชีย', aliases: ['RS land'], iso2: 'RS', ...props },
  cite: { section: '1', quote },
});

const source = (id: string, date: string, fact: EntityFact): SourceFacts => ({
  meta: { id, titleEn: id, titleTh: id, date, issuer: 'test', language: 'en' },
  text: fact.cite.quote,
  entities: [fact],
  relations: [],
});

async function shown() {
  const [row] = await db.read({
    name: 'test.restated',
    cypher: `MATCH (n:Entity {id: 'fx-restated'})
      RETURN n.iso2 AS iso2, n.aliases AS aliases, n.conflicts AS conflicts,
        COUNT { (n)-[:CITED_IN]->(:Source) } AS sources`,
  });
  return row;
}

beforeAll(async () => {
  db = testDatabase();
  await migrate(db);
  await db.write({
    name: 'test.removeRestated',
    cypher:
      "MATCH (n) WHERE n.id STARTS WITH 'fx-restate' OR n.source STARTS WITH 'fx-restate' DETACH DELETE n",
  });
});
afterAll(() => db.close());

describe('a source that restates another', () => {
  it('adds its citation and changes no value shown', async () => {
    await loadSource(db, source('fx-restate-a', '2024-01-01', entity({}, 'Restatia is a country.')), dataDir);
    const before = await shown();
    const change = await loadSource(
      db,
      source('fx-restate-b', '2024-06-01', entity({}, 'Restatia, again.')),
      dataDir,
    );
    expect(change.changed).toEqual([]);
    expect(change.conflicts).toEqual([]);
    expect(await shown()).toEqual({ ...before, sources: 2 });
  });

  it('is recomputed as soon as it disagrees, and what is left stands when the other goes', async () => {
    const change = await loadSource(
      db,
      source('fx-restate-b', '2024-06-01', entity({ iso2: 'RX' }, 'Restatia, again.')),
      dataDir,
    );
    // The more recent source's value is shown, and the two values are a conflict.
    expect(change.changed).toEqual([{ entity: 'fx-restated', property: 'iso2', before: 'RS', after: 'RX' }]);
    expect(await shown()).toMatchObject({ iso2: 'RX', conflicts: ['iso2'], sources: 2 });
    await removeSource(db, 'fx-restate-b', dataDir);
    expect(await shown()).toMatchObject({ iso2: 'RS', conflicts: null, sources: 1 });
    await removeSource(db, 'fx-restate-a', dataDir);
    expect(await shown()).toBeUndefined();
  });
});
