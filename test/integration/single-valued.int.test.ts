import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAllSources } from '../../src/loader/load-all.ts';
import { type Answer, apiFixture } from '../helpers/api.ts';
import { loadKnowledgeBase, RESOLUTION, resolutionDir } from '../helpers/knowledge-base.ts';

/**
 * Issue 36, point 2: a notice (synthetic, test/fixtures/wg-as-second-host, 15 July 2024) names Lao
 * PDR as host of the 1st WG-AS meeting, where the resolution names Cambodia, and dates the
 * Cabinet's acknowledgement a day later than the resolution does. A meeting has one host: the
 * dispute is reported, every side is listed and one value is shown by the rule properties follow.
 */
const NOTICE = 'synthetic-wg-as-1-host-notice';
const MINUTES = 'synthetic-wg-as-1-minutes';

let api: Awaited<ReturnType<typeof apiFixture>>;

const data = (query: string) => api.data(query);

const meetingQuery = `{
  entity(id: "wg-as-1") {
    conflicts
    claims(property: "HOSTED_BY") { property value preferred asOf provenance { source { id } quote } }
    ... on Meeting { hostCountry { id } }
    relations(types: ["HOSTED_BY"]) { nodes { node { id } shown properties } }
  }
}`;

const hosts = (entity: Answer) =>
  Object.fromEntries(entity.relations.nodes.map((r: Answer) => [r.node.id, r.shown]));

beforeAll(async () => {
  api = await apiFixture();
});
afterAll(() => api.close());

describe('a second host', () => {
  it('is reported as a conflict when the notice is planned, and loaded', async () => {
    const dir = resolutionDir('wg-as-second-host');
    const plan = await loadAllSources(api.db, dir, { dryRun: true });
    const notice = plan.changes.find((change) => change.source === NOTICE);
    expect(notice?.conflicts).toEqual([{ entity: 'wg-as-1', property: 'HOSTED_BY' }]);
    await loadKnowledgeBase(api.db, dir);

    const { entity } = await data(meetingQuery);
    expect(entity.conflicts).toEqual(['HOSTED_BY']);
    // Most recent source first; the resolution's plan (asOf February) loses to the notice.
    expect(entity.claims).toEqual([
      {
        property: 'HOSTED_BY',
        value: 'laos',
        preferred: true,
        asOf: '2024-07-15',
        provenance: {
          source: { id: NOTICE },
          quote: 'The 1st meeting of the ASEAN Working Group on Anti-Online Scam was hosted by Lao PDR.',
        },
      },
      {
        property: 'HOSTED_BY',
        value: 'cambodia',
        preferred: false,
        asOf: '2024-02-02',
        provenance: { source: { id: RESOLUTION }, quote: '(ครั้งที่ 1) ในเดือนมีนาคม 2567 ณ กัมพูชา' },
      },
    ]);
    expect(entity.hostCountry).toEqual({ id: 'laos' });
    expect(hosts(entity)).toEqual({ cambodia: false, laos: true });
    // Bookkeeping stays out of the properties.
    for (const relation of entity.relations.nodes) expect(Object.keys(relation.properties)).toEqual(['id']);

    // Each side is still on the other end's lists.
    const { laos } = await data('{ laos: entity(id: "laos") { ... on Country { hosted { id } } } }');
    expect(laos.hosted).toEqual([{ id: 'wg-as-1' }]);
  });

  it('shows the host the minutes of the meeting name, whatever the notice’s date', async () => {
    await loadKnowledgeBase(api.db, resolutionDir('wg-as-second-host', 'wg-as-minutes'));
    const { entity } = await data(meetingQuery);
    expect(entity.conflicts).toEqual(expect.arrayContaining(['HOSTED_BY', 'status']));
    expect(entity.hostCountry).toEqual({ id: 'cambodia' });
    expect(hosts(entity)).toEqual({ cambodia: true, laos: false });
    expect(
      entity.claims.map((claim: Answer) => [claim.value, claim.provenance.source.id, claim.preferred]),
    ).toEqual([
      ['laos', NOTICE, false],
      ['cambodia', RESOLUTION, false],
      ['cambodia', MINUTES, true],
    ]);
    // Every claim, when no property is named, ends with the relations'.
    const { entity: all } = await data(
      '{ entity(id: "wg-as-1") { claims { property value preferred provenance { source { id } } } } }',
    );
    expect(all.claims.filter((claim: Answer) => claim.property === 'HOSTED_BY')).toHaveLength(3);
    expect(all.claims.find((claim: Answer) => claim.property === 'status' && claim.preferred)).toMatchObject({
      value: 'held',
      provenance: { source: { id: MINUTES } },
    });
  });

  it('is reported once: a later source that changes the meeting does not report it again', async () => {
    await loadKnowledgeBase(api.db, resolutionDir('wg-as-second-host'));
    const { changes } = await loadAllSources(api.db, resolutionDir('wg-as-second-host', 'wg-as-minutes'));
    const minutes = changes.find((change) => change.source === MINUTES);
    expect(minutes?.changed.some((change) => change.entity === 'wg-as-1')).toBe(true);
    expect(minutes?.conflicts.filter((conflict) => conflict.property === 'HOSTED_BY')).toEqual([]);
    expect((await data(meetingQuery)).entity.conflicts).toContain('HOSTED_BY');
  });

  it('goes, with every mark of it, when the notice goes', async () => {
    await loadKnowledgeBase(api.db, resolutionDir());
    const { entity } = await data(meetingQuery);
    expect(entity.conflicts).toEqual([]);
    expect(entity.hostCountry).toEqual({ id: 'cambodia' });
    expect(hosts(entity)).toEqual({ cambodia: true });
    // What the notice touched holds no key of the dispute: the graph is as the resolution alone makes it.
    const [marks] = await api.db.read({
      name: 'test.disputeMarks',
      cypher: `MATCH (n:Entity) WHERE n.id IN ['wg-as-1', 'cabinet-2024-07-09', 'laos', 'cambodia']
        OPTIONAL MATCH (n)-[r]-() WHERE r.outranked IS NOT NULL OR r.conflicts IS NOT NULL
        RETURN count(n.conflicts) AS entities, count(r) AS relations`,
    });
    expect(marks).toEqual({ entities: 0, relations: 0 });
  });
});

describe('a relation’s qualifiers in dispute', () => {
  it('are reported on the relation, the latest shown', async () => {
    await loadKnowledgeBase(api.db, resolutionDir('wg-as-second-host'));
    const query = `{
      entity(id: "cabinet-2024-07-09") {
        relations(types: ["ACKNOWLEDGED"]) { nodes { node { id } properties conflicts shown provenance { source { id } } } }
      }
    }`;
    const { entity } = await data(query);
    const acknowledged = entity.relations.nodes.find((r: Answer) => r.node.id === 'adgmin-4');
    expect(acknowledged).toMatchObject({
      properties: { date: '2024-07-10' },
      conflicts: ['date'],
      shown: true,
      provenance: [{ source: { id: RESOLUTION } }, { source: { id: NOTICE } }],
    });
    await loadKnowledgeBase(api.db, resolutionDir());
    const { entity: alone } = await data(query);
    expect(alone.relations.nodes.find((r: Answer) => r.node.id === 'adgmin-4')).toMatchObject({
      properties: { date: '2024-07-09' },
      conflicts: [],
    });
  });
});
