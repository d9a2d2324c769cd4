import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceFacts } from '../../src/facts/source-facts.ts';
import { dataDir } from '../../src/facts/source-files.ts';
import { loadSource, removeSource } from '../../src/loader/load.ts';
import type { EntityType, RelationType } from '../../src/model/ontology.ts';
import { apiFixture } from '../helpers/api.ts';
import { loadResolution } from '../helpers/knowledge-base.ts';

let api: Awaited<ReturnType<typeof apiFixture>>;

const entity = (id: string, type: EntityType, props: Record<string, unknown> = {}) => ({
  id,
  type,
  props: { name: id, ...props },
  cite: { section: '1', quote: 'fixture' },
});
const relation = (
  type: RelationType,
  from: string,
  to: string,
  qualifiers: Record<string, unknown> = {},
) => ({
  id: `fixture-analytics:${type}:${from}:${to}`,
  type,
  from,
  to,
  qualifiers,
  cite: { section: '1', quote: 'fixture' },
});

/**
 * A graph small enough to work out by hand: countries a–b–c in a triangle with a tail c–d–e,
 * three projects from one fund, an approval and an allocation, two talks and three topics.
 */
const fixture: SourceFacts = {
  meta: {
    id: 'fixture-analytics',
    titleEn: 'Analytics fixture',
    titleTh: 'ทดสอบ',
    date: '2024-01-01',
    issuer: 'test',
    language: 'en',
  },
  text: 'fixture',
  entities: [
    ...['a', 'b', 'c', 'd', 'e'].map((id) => entity(id, 'Country')),
    entity('fund', 'Fund'),
    entity('p1', 'Project', { amount: '100.10', currency: 'USD', year: 2023 }),
    entity('p2', 'Project', { amount: '200.25', currency: 'USD', year: 2024 }),
    entity('p3', 'Project', { amount: '0.65', currency: 'USD', year: 2024 }),
    entity('approval', 'FundApproval', { year: 2024, projectCount: 5, amount: '1000.00', currency: 'USD' }),
    entity('allocation', 'FundAllocation', {
      asOfYear: 2024,
      projectCount: 4,
      amount: '500.00',
      currency: 'USD',
    }),
    entity('talk1', 'Meeting', { kind: 'bilateral', startDate: '2024-05-02' }),
    entity('talk2', 'Meeting', { kind: 'bilateral', startDate: '2023-11-20', status: 'held' }),
    entity('summit', 'Meeting', { kind: 'ministerial', startDate: '2025-03-01', status: 'planned' }),
    ...['t1', 't2', 't3'].map((id) => entity(id, 'Topic')),
  ],
  relations: [
    relation('SUPPORTED', 'a', 'b', { date: '2024-01-10' }),
    relation('SUPPORTED', 'a', 'c', { date: '2022-06-01' }),
    relation('SUPPORTED', 'b', 'c'),
    relation('SUPPORTED', 'c', 'd'),
    relation('SUPPORTED', 'd', 'e'),
    ...['p1', 'p2', 'p3'].map((p) => relation('FUNDED_BY', p, 'fund')),
    relation('AWARDED_TO', 'p1', 'a'),
    relation('AWARDED_TO', 'p2', 'a'),
    relation('AWARDED_TO', 'p3', 'b'),
    relation('FUNDED_BY', 'approval', 'fund'),
    relation('INCLUDES', 'approval', 'p2'),
    relation('INCLUDES', 'approval', 'p3'),
    relation('FUNDED_BY', 'allocation', 'fund'),
    relation('AWARDED_TO', 'allocation', 'a'),
    relation('INCLUDES', 'allocation', 'p1'),
    relation('INCLUDES', 'allocation', 'p2'),
    relation('DISCUSSED', 'talk1', 't1'),
    relation('DISCUSSED', 'talk1', 't2'),
    relation('DISCUSSED', 'talk2', 't1'),
    relation('DISCUSSED', 'talk2', 't2'),
    relation('DISCUSSED', 'talk2', 't3'),
  ],
};

const ids = (items: Array<{ id: string }>) => items.map((item) => item.id);

describe('analytics on a hand-checked fixture graph', () => {
  beforeAll(async () => {
    api = await apiFixture();
    // Only the fixture in the graph, so every answer can be worked out by hand. Centrality, ranks,
    // funding totals, the timeline and co-occurrence are computed over the whole graph and take no
    // scope, and Neo4j Community holds one database: so this file clears the graph, and puts the
    // resolution back for the next describe.
    await api.db.write({ name: 'test.clear', cypher: 'MATCH (n:Entity) DETACH DELETE n' });
    await loadSource(api.db, fixture, dataDir);
  });

  it('shortest, all shortest and simple paths', async () => {
    const { data } = await api.gql(`{
      shortestPath(from: "a", to: "e", types: ["SUPPORTED"]) { length nodes { id } }
      allShortestPaths(from: "b", to: "d", types: ["SUPPORTED"]) { nodes { id } }
      paths(from: "a", to: "e", maxHops: 4, types: ["SUPPORTED"]) { length nodes { id } }
      none: paths(from: "a", to: "e", maxHops: 2, types: ["SUPPORTED"]) { length }
    }`);
    expect(data.shortestPath).toEqual({
      length: 3,
      nodes: [{ id: 'a' }, { id: 'c' }, { id: 'd' }, { id: 'e' }],
    });
    expect(data.allShortestPaths).toEqual([{ nodes: [{ id: 'b' }, { id: 'c' }, { id: 'd' }] }]);
    expect(
      (data.paths as Array<{ length: number; nodes: Array<{ id: string }> }>).map((p) => [
        p.length,
        ids(p.nodes).join(''),
      ]),
    ).toEqual([
      [3, 'acde'],
      [4, 'abcde'],
    ]);
    expect(data.none).toEqual([]);
  });

  it('restricts paths to a date window; undated relationships always pass', async () => {
    const { data } = await api.gql(`{
      shortestPath(from: "a", to: "d", types: ["SUPPORTED"], window: { from: "2024-01-01" }) { nodes { id } }
      old: shortestPath(from: "a", to: "b", types: ["SUPPORTED"], maxHops: 1, window: { to: "2023-12-31" }) { length }
    }`);
    // a–c is dated 2022, outside the window, so the path goes round by b.
    expect(data.shortestPath).toEqual({ nodes: [{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd' }] });
    expect(data.old).toBeNull();
  });

  it('degree, PageRank and betweenness on the country projection', async () => {
    const { data } = await api.gql(`{
      degree: centrality(measure: DEGREE, nodeTypes: ["Country"], types: ["SUPPORTED"]) { rank score entity { id } }
      pagerank: centrality(measure: PAGERANK, nodeTypes: ["Country"], types: ["SUPPORTED"]) { entity { id } }
      betweenness: centrality(measure: BETWEENNESS, nodeTypes: ["Country"], types: ["SUPPORTED"], top: 2) { score entity { id } }
    }`);
    expect(data.degree).toEqual([
      { rank: 1, score: 3, entity: { id: 'c' } },
      { rank: 2, score: 2, entity: { id: 'a' } },
      { rank: 3, score: 2, entity: { id: 'b' } },
      { rank: 4, score: 2, entity: { id: 'd' } },
      { rank: 5, score: 1, entity: { id: 'e' } },
    ]);
    expect((data.pagerank as Array<{ entity: { id: string } }>).map((s) => s.entity.id)).toEqual([
      'c',
      'd',
      'a',
      'b',
      'e',
    ]);
    expect(data.betweenness).toEqual([
      { score: 4, entity: { id: 'c' } },
      { score: 3, entity: { id: 'd' } },
    ]);
  });

  it('common neighbours and Jaccard similarity', async () => {
    const { data } = await api.gql(`{
      commonConnections(a: "a", b: "b", types: ["SUPPORTED"]) { entity { id } edgesFromA { from to } edgesFromB { from to } }
      similarEntities(id: "a", types: ["SUPPORTED"]) { entity { id } shared union jaccard }
    }`);
    expect(data.commonConnections).toEqual([
      { entity: { id: 'c' }, edgesFromA: [{ from: 'a', to: 'c' }], edgesFromB: [{ from: 'b', to: 'c' }] },
    ]);
    expect(data.similarEntities).toEqual([
      { entity: { id: 'b' }, shared: 1, union: 3, jaccard: 1 / 3 },
      { entity: { id: 'd' }, shared: 1, union: 3, jaccard: 1 / 3 },
      { entity: { id: 'c' }, shared: 1, union: 4, jaccard: 0.25 },
    ]);
  });

  it('sums funding exactly and reconciles it with the stated totals', async () => {
    const { data } = await api.gql(`{
      byRecipient: fundingSummary(groupBy: RECIPIENT) { key total { amount } projectCount
        stated { aggregate { id } stated { amount } itemised { amount } difference { amount } unitemisedProjectCount } }
      byYear: fundingSummary(groupBy: YEAR) { key total { amount } stated { aggregate { id } difference { amount } unitemisedProjectCount } }
      byFund: fundingSummary(groupBy: FUND) { key total { amount currency } projects { id } stated { aggregate { id } } }
    }`);
    expect(data.byRecipient).toEqual([
      {
        key: 'a',
        total: { amount: '300.35' },
        projectCount: 2,
        stated: [
          {
            aggregate: { id: 'allocation' },
            stated: { amount: '500.00' },
            itemised: { amount: '300.35' },
            difference: { amount: '199.65' },
            unitemisedProjectCount: 2,
          },
        ],
      },
      { key: 'b', total: { amount: '0.65' }, projectCount: 1, stated: [] },
    ]);
    expect(data.byYear).toEqual([
      { key: '2023', total: { amount: '100.10' }, stated: [] },
      {
        key: '2024',
        total: { amount: '200.90' },
        stated: [
          { aggregate: { id: 'approval' }, difference: { amount: '799.10' }, unitemisedProjectCount: 3 },
        ],
      },
    ]);
    expect(data.byFund).toEqual([
      {
        key: 'fund',
        total: { amount: '301.00', currency: 'USD' },
        projects: [{ id: 'p1' }, { id: 'p2' }, { id: 'p3' }],
        stated: [{ aggregate: { id: 'allocation' } }, { aggregate: { id: 'approval' } }],
      },
    ]);
  });

  it('orders the timeline and marks what is upcoming as of a date', async () => {
    const { data } = await api.gql(`{
      timeline(kinds: ["MEETING", "PLANNED_MEETING", "SUPPORTED"], asOf: "2024-06-30") { date kind upcoming entity { id } edge { from to } }
      windowed: timeline(window: { from: "2024-01-01", to: "2024-12-31" }, kinds: ["MEETING"]) { entity { id } }
    }`);
    expect(data.timeline).toEqual([
      { date: '2022-06-01', kind: 'SUPPORTED', upcoming: false, entity: null, edge: { from: 'a', to: 'c' } },
      { date: '2023-11-20', kind: 'MEETING', upcoming: false, entity: { id: 'talk2' }, edge: null },
      { date: '2024-01-10', kind: 'SUPPORTED', upcoming: false, entity: null, edge: { from: 'a', to: 'b' } },
      { date: '2024-05-02', kind: 'MEETING', upcoming: false, entity: { id: 'talk1' }, edge: null },
      { date: '2025-03-01', kind: 'PLANNED_MEETING', upcoming: true, entity: { id: 'summit' }, edge: null },
    ]);
    expect(data.windowed).toEqual([{ entity: { id: 'talk1' } }]);
  });

  it('counts topics named together', async () => {
    const { data } = await api.gql('{ topicCooccurrence { a { id } b { id } count via { id } } }');
    expect(data.topicCooccurrence).toEqual([
      { a: { id: 't1' }, b: { id: 't2' }, count: 2, via: [{ id: 'talk1' }, { id: 'talk2' }] },
      { a: { id: 't1' }, b: { id: 't3' }, count: 1, via: [{ id: 'talk2' }] },
      { a: { id: 't2' }, b: { id: 't3' }, count: 1, via: [{ id: 'talk2' }] },
    ]);
  });

  it('recomputes the cached projection when the data changes', async () => {
    const before = await api.gql(
      '{ centrality(measure: DEGREE, nodeTypes: ["Country"], types: ["SUPPORTED"], top: 1) { entity { id } score } }',
    );
    expect(before.data.centrality).toEqual([{ entity: { id: 'c' }, score: 3 }]);
    await loadSource(
      api.db,
      {
        ...fixture,
        relations: [...fixture.relations, relation('SUPPORTED', 'e', 'a'), relation('SUPPORTED', 'e', 'b')],
      },
      dataDir,
    );
    const after = await api.gql(
      '{ centrality(measure: DEGREE, nodeTypes: ["Country"], types: ["SUPPORTED"], top: 1) { entity { id } score } }',
    );
    expect(after.data.centrality).toEqual([{ entity: { id: 'a' }, score: 3 }]);
  });

  afterAll(async () => {
    await removeSource(api.db, fixture.meta.id, dataDir);
  });
});

// Over the resolution alone: these answers are computed over the whole graph, and another source
// in data/ would rightly change them.
describe('analytics on the resolution', () => {
  beforeAll(async () => {
    await loadResolution(api.db);
  });
  afterAll(() => api.close());

  it('has nothing of the fixture left', async () => {
    const [row] = await api.db.read(
      { name: 'test.fixtureLeft', cypher: 'MATCH (n:Entity) WHERE n.id IN $ids RETURN count(n) AS left' },
      { ids: [fixture.meta.id, ...fixture.entities.map((fact) => fact.id)] },
    );
    expect(row?.left).toBe(0);
  });

  it('connects Thailand to the ITU through the 4th ADGMIN and its dialogue-partner session', async () => {
    const { data } = await api.gql(
      '{ allShortestPaths(from: "thailand", to: "itu") { length nodes { id } edges { type provenance { section } } } }',
    );
    expect(data.allShortestPaths).toEqual([
      {
        length: 3,
        nodes: [{ id: 'thailand' }, { id: 'adgmin-4' }, { id: 'adgmin-4-dialogue-partners' }, { id: 'itu' }],
        edges: [
          { type: 'ATTENDED', provenance: [{ section: '2.1' }] },
          { type: 'PART_OF', provenance: [{ section: '3-DP' }] },
          { type: 'ATTENDED', provenance: [{ section: '3-DP' }] },
        ],
      },
    ]);
  });

  it("reconciles Thailand's ICT Fund total with the source: USD 889,200 stated, 139,000 itemised", async () => {
    const { data } =
      await api.gql(`{ fundingSummary(groupBy: RECIPIENT) { key total { amount currency } projectCount
      stated { stated { amount } statedProjectCount itemised { amount } difference { amount } unitemisedProjectCount } } }`);
    expect(data.fundingSummary).toEqual([
      {
        key: 'thailand',
        total: { amount: '139000.00', currency: 'USD' },
        projectCount: 3,
        stated: [
          {
            stated: { amount: '889200.00' },
            statedProjectCount: 24,
            itemised: { amount: '139000.00' },
            difference: { amount: '750200.00' },
            unitemisedProjectCount: 21,
          },
        ],
      },
    ]);
  });

  it('orders the ADGMIN meetings in time', async () => {
    const { data } = await api.gql(
      '{ timeline(kinds: ["MEETING", "PLANNED_MEETING"], asOf: "2024-07-09") { date kind upcoming entity { id } } }',
    );
    const adgmin = (data.timeline as Array<{ entity: { id: string } }>).filter((event) =>
      event.entity.id.startsWith('adgmin'),
    );
    expect(adgmin).toEqual([
      { date: '2024-02-01', kind: 'MEETING', upcoming: false, entity: { id: 'adgmin-4' } },
      { date: '2025-01-01', kind: 'PLANNED_MEETING', upcoming: true, entity: { id: 'adgmin-5' } },
    ]);
  });

  it('ranks Thailand and the 4th ADGMIN as the most central', async () => {
    const { data } = await api.gql(`{
      pagerank: centrality(measure: PAGERANK, top: 2) { entity { id } }
      betweenness: centrality(measure: BETWEENNESS, top: 2) { entity { id } }
      communities(top: 3) { size label { id } }
      similarEntities(id: "malaysia", top: 1) { entity { id } jaccard }
    }`);
    expect(data.pagerank).toEqual([{ entity: { id: 'thailand' } }, { entity: { id: 'adgmin-4' } }]);
    expect(data.betweenness).toEqual([{ entity: { id: 'adgmin-4' } }, { entity: { id: 'thailand' } }]);
    expect((data.communities as unknown[]).length).toBe(3);
    // The resolution names Malaysia only with its trilateral MOU commitment, so that is the most
    // alike.
    const [similar] = data.similarEntities as Array<{ entity: { id: string }; jaccard: number }>;
    expect(similar?.entity.id).toBe('commitment-malaysia-trilateral-mou');
    expect(similar?.jaccard).toBeGreaterThanOrEqual(0.5);
  });
});
