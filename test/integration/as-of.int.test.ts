import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Answer, apiFixture } from '../helpers/api.ts';
import { loadKnowledgeBase, RESOLUTION, resolutionDir } from '../helpers/knowledge-base.ts';

/**
 * Issue 38, point 1: reads as of a day. The resolution (9 July 2024) and the minutes of the 1st
 * WG-AS meeting (test/fixtures/wg-as-minutes, 13 March 2024) are loaded on a copy. As of 31 March
 * only the minutes are known; before 13 March nothing is.
 */
const MINUTES = 'synthetic-wg-as-1-minutes';

let api: Awaited<ReturnType<typeof apiFixture>>;

const data = (query: string) => api.data(query);

beforeAll(async () => {
  api = await apiFixture();
  await loadKnowledgeBase(api.db, resolutionDir('wg-as-minutes'));
});
afterAll(() => api.close());

describe('asOf a day when only the minutes were known', () => {
  it("shows the meeting with the minutes' values only, cited by them only", async () => {
    const { entity } = await data(`{
      entity(id: "wg-as-1", asOf: "2024-03-31") {
        properties conflicts sources { id }
        relations { nodes { type to } }
      }
    }`);
    expect(entity.properties).toMatchObject({ status: 'held', startDate: '2024-03-12', city: 'Siem Reap' });
    expect(entity.conflicts).toEqual([]);
    expect(entity.sources.map((s: Answer) => s.id)).toEqual([MINUTES]);
    expect(entity.relations.nodes).toEqual([{ type: 'HOSTED_BY', to: 'cambodia' }]);
  });

  it('knows nothing the resolution alone states', async () => {
    const { entities } = await data(`{
      entities(asOf: "2024-03-31", first: 100) { totalCount nodes { id } }
    }`);
    const missing = await api.gql('{ entity(id: "thailand", asOf: "2024-03-31") { id } }');
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const present = await data('{ entity(id: "thailand") { id } }');
    expect(present.entity.id).toBe('thailand');
    expect(entities.nodes.map((n: Answer) => n.id).sort()).toEqual(['cambodia', 'wg-as-1']);
    const now = await data('{ entities { totalCount } }');
    expect(now.entities.totalCount).toBeGreaterThan(2);
  });

  it('finds a path the minutes state, and not one through the resolution', async () => {
    const { shortestPath } = await data(`{
      shortestPath(from: "wg-as-1", to: "cambodia", asOf: "2024-03-31") { length }
    }`);
    expect(shortestPath.length).toBe(1);
    const refused = await api.gql(
      `{ allShortestPaths(from: "wg-as-1", to: "thailand", asOf: "2024-03-31") { length } }`,
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('searches, dates and counts the money of that day only', async () => {
    const { search, timeline, fundingSummary } = await data(`{
      search(query: "Thailand", asOf: "2024-03-31") { entity { id } }
      timeline(asOf: "2024-03-31") { kind entity { id } }
      fundingSummary(asOf: "2024-03-31", groupBy: FUND) { key }
    }`);
    expect(search).toEqual([]);
    expect(timeline.map((event: Answer) => event.entity?.id)).toContain('wg-as-1');
    expect(timeline.every((event: Answer) => event.entity?.id !== RESOLUTION)).toBe(true);
    expect(fundingSummary).toEqual([]);
  });
});

describe('asOf before any source', () => {
  it('shows an empty graph', async () => {
    const missing = await api.gql('{ entity(id: "wg-as-1", asOf: "2024-01-01") { id } }');
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const { entities, search, timeline, entityCounts } = await data(`{
      entities(asOf: "2024-01-01") { totalCount }
      search(query: "meeting", asOf: "2024-01-01") { entity { id } }
      timeline(asOf: "2024-01-01") { kind }
      entityCounts(asOf: "2024-01-01") { type count }
    }`);
    expect({ entities, search, timeline, entityCounts }).toEqual({
      entities: { totalCount: 0 },
      search: [],
      timeline: [],
      entityCounts: [],
    });
  });
});

describe('the moment asked for', () => {
  it('answers as now on the day of the newest source', async () => {
    const now = await data('{ entity(id: "wg-as-1") { properties conflicts } }');
    const then = await data('{ entity(id: "wg-as-1", asOf: "2024-07-09") { properties conflicts } }');
    expect(then).toEqual(now);
  });

  it('refuses two moments in one operation', async () => {
    const response = await api.gql(`{
      a: entity(id: "wg-as-1", asOf: "2024-03-31") { id }
      b: entity(id: "wg-as-1", asOf: "2024-07-09") { id }
    }`);
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses a day that is not a date, given as a variable', async () => {
    const query = 'query ($day: Date) { entity(id: "wg-as-1", asOf: $day) { id } }';
    for (const day of ['garbage', '2024-02-30']) {
      const response = await api.gql(query, { day });
      expect(response.errors?.[0]?.extensions?.code, day).toBe('BAD_USER_INPUT');
      expect(response.errors?.[0]?.message, day).toContain('Date must be YYYY-MM-DD');
    }
    const valid = await api.gql(query, { day: '2024-03-31' });
    expect(valid.data).toEqual({ entity: { id: 'wg-as-1' } });
  });
});
