import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Answer, apiFixture } from '../helpers/api.ts';
import { loadResolution, RESOLUTION } from '../helpers/knowledge-base.ts';

/**
 * The curator's case of issue 13: a record of the 1st WG-AS meeting (synthetic, in
 * test/fixtures/wg-as-record) joins the resolution. It re-declares Thailand with less than the
 * resolution says and says the meeting was held, where the resolution says planned.
 */
const RECORD = 'synthetic-wg-as-1-record';

let api: Awaited<ReturnType<typeof apiFixture>>;

const data = (query: string) => api.data(query);

beforeAll(async () => {
  api = await apiFixture();
  await loadResolution(api.db, 'wg-as-record');
});
afterAll(() => api.close());

describe('a meeting record joins the resolution', () => {
  it('takes nothing away from an entity it re-declares with less', async () => {
    const { entity } = await data('{ entity(id: "thailand") { name nameTh aliases sources { id } } }');
    expect(entity).toMatchObject({ name: 'Thailand', nameTh: 'ประเทศไทย' });
    expect(entity.aliases).toEqual(expect.arrayContaining(['ไทย', 'Kingdom of Thailand', 'TH']));
    expect(entity.sources.map((s: { id: string }) => s.id)).toEqual(
      expect.arrayContaining([RESOLUTION, RECORD]),
    );
    for (const [query, id] of [
      ['ไทย', 'thailand'],
      ['กัมพูชา', 'cambodia'],
      ['สิงคโปร์', 'singapore'],
      ['กองทุนไอซีทีอาเซียน', 'asean-ict-fund'],
    ]) {
      const { search } = await data(`{ search(query: "${query}", first: 5) { entity { id } } }`);
      expect(
        search.map((hit: Answer) => hit.entity.id),
        query,
      ).toContain(id);
    }
  });

  it('shows the preferred claim, the conflict and the history across sources', async () => {
    const { entity } = await data(`{
      entity(id: "wg-as-1") {
        conflicts
        properties
        claims(property: "status") { value preferred provenance { source { id } } }
        history { summary sourceDate provenance { source { id } } }
      }
    }`);
    expect(entity.properties).toMatchObject({
      status: 'held',
      startDate: '2024-03-12',
      endDate: '2024-03-13',
    });
    expect(entity.conflicts).toEqual(
      expect.arrayContaining(['status', 'startDate', 'endDate', 'datePrecision']),
    );
    expect(entity.claims).toEqual([
      { value: 'planned', preferred: false, provenance: { source: { id: RESOLUTION } } },
      { value: 'held', preferred: true, provenance: { source: { id: RECORD } } },
    ]);
    // In the order of the dates they describe: the resolution (July) repeats February's plan
    // (asOf 2024-02-02 in data/), which comes before the record (March).
    expect(entity.history.map((step: Answer) => [step.summary, step.provenance.source.id])).toEqual([
      ['planned for March 2024', RESOLUTION],
      ['held 12–13 March 2024', RECORD],
    ]);
  });

  it('states the host once, with both citations, and counts it once', async () => {
    const { entity } = await data(`{
      entity(id: "wg-as-1") {
        relations(types: ["HOSTED_BY"]) { totalCount nodes { node { id } provenance { source { id } quote } } }
      }
    }`);
    expect(entity.relations.totalCount).toBe(1);
    expect(entity.relations.nodes[0].node.id).toBe('cambodia');
    expect(entity.relations.nodes[0].provenance).toEqual([
      { source: { id: RESOLUTION }, quote: '(ครั้งที่ 1) ในเดือนมีนาคม 2567 ณ กัมพูชา' },
      { source: { id: RECORD }, quote: 'Cambodia hosted the meeting.' },
    ]);
  });

  it('puts the meeting on the timeline at the value shown, with its history', async () => {
    const { timeline } = await data(`{
      timeline(window: {from: "2024-03-01", to: "2024-03-31"}) { date kind entity { id } history { summary } }
    }`);
    const meeting = timeline.find((event: Answer) => event.entity?.id === 'wg-as-1');
    expect(meeting).toMatchObject({
      date: '2024-03-12',
      history: [{ summary: 'planned for March 2024' }, { summary: 'held 12–13 March 2024' }],
    });
  });
});
