import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiFixture } from '../helpers/api.ts';
import { loadKnowledgeBase, RESOLUTION, resolutionDir } from '../helpers/knowledge-base.ts';
import { writeLaterNote } from '../helpers/later-note.ts';

/**
 * `properties` shows an entity's or a relation's values and never the keys the loader writes
 * beside them for search, sorting and bookkeeping (src/model/stored.ts internalKeys): the explorer's
 * details panel showed `searchStems`. The resolution is loaded with a second source that disputes a
 * meeting's host, so an entity with `conflicts` and an `outranked` relation are among those read,
 * and with a later note that changes a project's amount, so that one keeps its `amountHistory`.
 */
let api: Awaited<ReturnType<typeof apiFixture>>;

/** Written for search and sorting, and the bookkeeping of claims and disputes: listed here on their own. */
const internal = new Set([
  'searchTh',
  'searchEn',
  'searchAlso',
  'searchStems',
  'searchType',
  'nameKey',
  'hash',
  'conflicts',
  'sources',
  'claims',
  'outranked',
  // The dates kept for reads as of a day (src/loader/kept-dates.ts).
  'firstKnown',
  'lastKnown',
  'sourceDates',
  'amountHistory',
]);

type Props = Record<string, unknown>;
type Stored = { id: string; keys: string[]; relations: Array<{ id: string; keys: string[] }> };

beforeAll(async () => {
  api = await apiFixture();
  const dir = resolutionDir('wg-as-second-host');
  writeLaterNote(dir, '2024-09-01');
  await loadKnowledgeBase(api.db, dir);
});
afterAll(async () => {
  await loadKnowledgeBase(api.db, resolutionDir());
  await api.close();
});

/** Every entity's stored keys, and those of the relations it starts, as Neo4j holds them. */
async function stored(): Promise<Stored[]> {
  const rows = await api.db.read({
    name: 'test.storedKeys',
    cypher: `MATCH (n:Entity)
      OPTIONAL MATCH (n)-[r]->(:Entity) WHERE r.id IS NOT NULL
      WITH n, collect({id: r.id, keys: keys(r)}) AS relations
      RETURN n.id AS id, keys(n) AS keys, [x IN relations WHERE x.id IS NOT NULL] AS relations`,
  });
  return rows as unknown as Stored[];
}

/** `properties` of every entity in `ids`, and of each relation it starts, through the API. */
async function shown(ids: string[]): Promise<Map<string, Props>> {
  const answers = new Map<string, Props>();
  for (let at = 0; at < ids.length; at += 20) {
    const response = await api.gql(
      `query Shown($ids: [ID!]!) {
        nodes(ids: $ids) {
          ... on Entity { id properties relations(first: 100, direction: OUT) { nodes { id properties } } }
        }
      }`,
      { ids: ids.slice(at, at + 20) },
    );
    expect(response.errors).toBeUndefined();
    const nodes = response.data.nodes as Array<{
      id: string;
      properties: Props;
      relations: { nodes: Array<{ id: string; properties: Props }> };
    }>;
    for (const node of nodes) {
      answers.set(node.id, node.properties);
      for (const relation of node.relations.nodes) answers.set(relation.id, relation.properties);
    }
  }
  return answers;
}

describe('properties', () => {
  it('shows every stored key but the internal ones, for each entity and relation', async () => {
    const graph = await stored();
    const answers = await shown(graph.map((entity) => entity.id));
    const internalSeen = new Set<string>();
    const check = (id: string, keys: string[]) => {
      for (const key of keys) if (internal.has(key)) internalSeen.add(key);
      const expected = keys.filter((key) => !internal.has(key) && !key.startsWith('search')).sort();
      expect({ id, keys: Object.keys(answers.get(id) ?? {}).sort() }).toEqual({ id, keys: expected });
    };
    for (const entity of graph) {
      check(entity.id, entity.keys);
      for (const relation of entity.relations) check(relation.id, relation.keys);
    }
    // The graph does hold them, searchStems and the dispute's keys among them: the check above can fail.
    expect([...internalSeen].sort()).toEqual([...internal].sort());
  });

  it('keeps the values a reader wants, on an entity, the source and a relation', async () => {
    const answers = await shown(['thailand', RESOLUTION, 'wg-as-1']);
    expect(answers.get('thailand')).toMatchObject({ id: 'thailand', iso2: 'TH', name: 'Thailand' });
    expect(answers.get(RESOLUTION)).toMatchObject({ date: '2024-07-09', language: 'th' });
    expect(answers.get('HOSTED_BY:wg-as-1:cambodia')).toEqual({ id: 'HOSTED_BY:wg-as-1:cambodia' });
    expect(answers.get('wg-as-1')).not.toHaveProperty('conflicts');
  });
});
