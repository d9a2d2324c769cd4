import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenStore } from '../../src/auth/tokens.ts';
import { createApp, testOptions } from '../../src/yoga.ts';
import { type Answer, apiFixture } from '../helpers/api.ts';
import { loadKnowledgeBase, RESOLUTION, resolutionDir } from '../helpers/knowledge-base.ts';

/**
 * Issue 38, point 1: reads as of a day. The resolution (9 July 2024) and the minutes of the 1st
 * WG-AS meeting (test/fixtures/wg-as-minutes, 13 March 2024) are loaded on a copy. As of 31 March
 * only the minutes are known; before 13 March nothing is.
 */
const MINUTES = 'synthetic-wg-as-1-minutes';

let api: Awaited<ReturnType<typeof apiFixture>>;
let dir: string;

const data = (query: string) => api.data(query);

beforeAll(async () => {
  api = await apiFixture();
  dir = resolutionDir('wg-as-minutes');
  await loadKnowledgeBase(api.db, dir);
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

  it("matches the minutes' quote on the meeting, as now", async () => {
    // The quotes of the sources known then are tested on the list of a candidate's quotes (graph-store.ts).
    const quoteOf = (hits: Answer[]) =>
      hits
        .find((hit) => hit.entity.id === 'wg-as-1')
        ?.matched.filter((line: string) => line.startsWith('quote:'));
    const now = await data('{ search(query: "Anti-Online Scam") { entity { id } matched } }');
    const then = await data(
      '{ search(query: "Anti-Online Scam", asOf: "2024-03-31") { entity { id } matched } }',
    );
    const minutes =
      'quote: …t meeting of the ASEAN Working Group on **Anti**-**Online Scam** (WG-AS) was held on 12-13 March 2024 in Siem Reap, Cambodia.';
    expect(quoteOf(then.search)).toEqual([minutes]);
    expect(quoteOf(then.search)).toEqual(quoteOf(now.search));
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

describe('counts as of a day with the response cache on', () => {
  /** A source (of 20 March 2024 unless said) that names one new topic. */
  function writeTopicNote(date = '2024-03-20'): string[] {
    const note = 'synthetic-counted-topic';
    const quote = 'The meeting named a synthetic topic for counting.';
    const files = [`sources/${note}.txt`, `sources/${note}.meta.yaml`, `facts/${note}.yaml`];
    const [text, meta, facts] = files.map((file) => join(dir, file)) as [string, string, string];
    writeFileSync(text, `Synthetic topic note (test fixture).\n\n1. ${quote}\n`);
    writeFileSync(
      meta,
      `titleEn: "Synthetic topic note (test fixture, not a real document)"\ndate: "${date}"\nissuer: Synthetic auditor\nlanguage: en\n`,
    );
    writeFileSync(
      facts,
      `source: ${note}\nentities:\n  - { id: topic-synthetic-counted, type: Topic, name: Synthetic counted topic, section: "1", quote: "${quote}" }\nrelations: []\n`,
    );
    return files;
  }

  it('are those counting gives, summed from the counts of the version, and follow a load at once', async () => {
    // The cache's version read at every request, keeping no answer: a load is seen by the next read.
    const responseCache = {
      enabled: true,
      maxBytes: 1,
      maxEntryBytes: 0,
      ttlSeconds: 1,
      versionMaxAgeMs: 0,
      redisUrl: undefined,
    };
    const sent: string[] = [];
    const db = Object.create(api.db) as typeof api.db;
    db.read = (query, ...rest) => {
      sent.push(`${query.name}: ${query.cypher}`);
      return api.db.read(query, ...rest);
    };
    const app = createApp(db, { ...testOptions, dataDir: dir, responseCache });
    const counts = (day: string) => `{
      entityCounts(asOf: "${day}") { type count }
      all: entities(first: 1, asOf: "${day}") { totalCount }
      some: entities(types: ["Meeting", "Topic"], first: 1, asOf: "${day}") { totalCount }
      total: entities(types: ["Country"], asOf: "${day}") { totalCount }
    }`;
    /** The answer with the cache (summed from the table), checked against counting in Cypher. */
    const compare = async (day: string) => {
      sent.length = 0;
      const response = await app.fetch('http://test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: counts(day) }),
      });
      const kept = (await response.json()) as { data: Answer; errors?: unknown };
      expect(kept.errors).toBeUndefined();
      // Counted in Cypher by the app without the cache.
      expect(kept.data).toEqual(await data(counts(day)));
      expect(sent.filter((query) => /countsByType|entities\.count|AS total \}/.test(query))).toEqual([]);
      return kept.data;
    };
    for (const day of ['2024-01-01', '2024-03-31', '2024-07-08']) await compare(day);
    const topics = (answer: Answer) =>
      answer.entityCounts.find((row: Answer) => row.type === 'Topic')?.count ?? 0;
    const before = await compare('2024-03-31');
    const files = writeTopicNote();
    try {
      await loadKnowledgeBase(api.db, dir);
      const added = await compare('2024-03-31');
      expect(topics(added)).toBe(topics(before) + 1);
      expect(added.some.totalCount).toBe(before.some.totalCount + 1);
    } finally {
      for (const file of files) rmSync(join(dir, file));
      await loadKnowledgeBase(api.db, dir);
    }
    expect(await compare('2024-03-31')).toEqual(before);
  });

  it('with a token, follow a load by another process at once, while the cache keeps the old version', async () => {
    const responseCache = {
      enabled: true,
      maxBytes: 1_000_000,
      maxEntryBytes: 100_000,
      ttlSeconds: 600,
      versionMaxAgeMs: 600_000,
      redisUrl: undefined,
    };
    const tokensFile = join(dir, '..', 'as-of-tokens.json');
    const { token } = new TokenStore(tokensFile).create('reader-as-of', ['curate']);
    const app = createApp(api.db, { ...testOptions, dataDir: dir, responseCache, tokensFile });
    /** How many topics as of `day`, asked with the token or without one. */
    const topics = async (day: string, authorization = `Bearer ${token}`) => {
      const response = await app.fetch('http://test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: JSON.stringify({ query: `{ entityCounts(asOf: "${day}") { type count } }` }),
      });
      const { data: answer, errors } = (await response.json()) as { data: Answer; errors?: unknown };
      expect(errors).toBeUndefined();
      return answer.entityCounts.find((row: Answer) => row.type === 'Topic')?.count ?? 0;
    };
    // Without a token, the cache's version and its table are read and kept: the resolution of 9 July
    // 2024 is the newest source, so 31 July reads the graph now, and 31 March sums the table.
    for (const day of ['2024-07-31', '2024-03-31']) await topics(day, '');
    const before = await topics('2024-07-31');
    // A note of 1 August 2024, loaded as `npm run kb:load` does: nothing tells the app.
    const files = writeTopicNote('2024-08-01');
    try {
      await loadKnowledgeBase(api.db, dir);
      // Not "every source known" by the old version: the note is later than the day.
      expect(await topics('2024-07-31')).toBe(before);
      // Not the old version's table: the note's topic counts from its day.
      expect(await topics('2024-08-02')).toBe(before + 1);
    } finally {
      for (const file of files) rmSync(join(dir, file));
      await loadKnowledgeBase(api.db, dir);
    }
  });
});
