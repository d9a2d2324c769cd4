import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { listen } from '../../src/server.ts';
import { createApp, testOptions } from '../../src/yoga.ts';
import { curationFixture } from '../helpers/api.ts';
import { atomProblems } from '../helpers/atom-rules.ts';
import { testDatabase } from '../helpers/database.ts';
import { CURATED_REFERENCE as input, RESOLUTION as source } from '../helpers/knowledge-base.ts';

// A copy of data/ with its release 2026-12 (the first: everything in it is "added"), then one
// curation write after it: changesSince and the feeds must give that write with its quote.
let db: Database;
let server: Server;
let base: string;
// biome-ignore lint/suspicious/noExplicitAny: GraphQL answers are read by path
let gql: (query: string, variables?: Record<string, unknown>, token?: string) => Promise<any>;
let fixture: Awaited<ReturnType<typeof curationFixture>>;
let token: string;

const { quote } = input;
const changes = `query($since: Date, $sinceRelease: String, $entity: ID, $types: [String!], $first: Int, $after: String) {
  changesSince(since: $since, sinceRelease: $sinceRelease, entity: $entity, types: $types, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { id kind at release auditEventId fact type entities source section quote } } }`;

beforeAll(async () => {
  db = testDatabase();
  fixture = await curationFixture(db, 'change-feed', { ownLogOnly: true });
  gql = fixture.gql;
  token = fixture.tokens.create('curator-feed', ['curate']).token;
  const added = await gql(
    `mutation($input: AddRelationInput!) { addRelation(input: $input) { fact } }`,
    { input },
    token,
  );
  expect(added.errors).toBeUndefined();
  server = await listen(fixture.app, { port: 0 });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((done) => server?.close(done));
  await db.close();
});

describe('changesSince', () => {
  it('gives the curation write since the last release, with its source and quote', async () => {
    const { data, errors } = await gql(changes, { sinceRelease: '2026-12' });
    expect(errors).toBeUndefined();
    expect(data.changesSince.totalCount).toBe(1);
    expect(data.changesSince.nodes).toEqual([
      expect.objectContaining({
        kind: 'ADDED',
        release: null,
        fact: 'REFERENCES:adgsom-5:thailand',
        type: 'REFERENCES',
        entities: ['adgsom-5', 'thailand'],
        source,
        section: '5.2',
        quote,
        auditEventId: expect.any(String),
      }),
    ]);
  });

  it("gives a release's claims about one entity, each cited, and pages them without a gap", async () => {
    const all = await gql(changes, { entity: 'asean', types: ['PART_OF'], first: 1000 });
    const items = all.data.changesSince.nodes;
    expect(items.length).toBeGreaterThan(2);
    expect(
      items.every(
        (i: { entities: string[]; type: string }) => i.entities.includes('asean') && i.type === 'PART_OF',
      ),
    ).toBe(true);
    expect(items).toContainEqual(
      expect.objectContaining({
        kind: 'ADDED',
        release: '2026-12',
        fact: expect.stringContaining('adgsom'),
        section: '3-ICT',
      }),
    );
    const first = await gql(changes, { entity: 'asean', types: ['PART_OF'], first: 2 });
    const rest = await gql(changes, {
      entity: 'asean',
      types: ['PART_OF'],
      first: 1000,
      after: first.data.changesSince.pageInfo.endCursor,
    });
    const ids = (answer: { data: { changesSince: { nodes: Array<{ id: string }> } } }) =>
      answer.data.changesSince.nodes.map((node) => node.id);
    expect([...ids(first), ...ids(rest)]).toEqual(ids(all));
  });

  it('takes a date: the day after the write holds nothing; bad input has a code', async () => {
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect((await gql(changes, { since: tomorrow })).data.changesSince.totalCount).toBe(0);
    const both = await gql(changes, { since: '2024-01-01', sinceRelease: '2026-12' });
    expect(both.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const missing = await gql(changes, { sinceRelease: 'no-such' });
    expect(missing.errors?.[0].extensions.code).toBe('NOT_FOUND');
  });
});

describe('/feeds/changes.atom and .json', () => {
  it('serves an Atom feed that holds to RFC 4287, the write first, with its quote', async () => {
    const response = await fetch(`${base}/feeds/changes.atom?entity=thailand&first=200`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/atom+xml');
    const xml = await response.text();
    expect(atomProblems(xml)).toEqual([]);
    const about = await gql(changes, { entity: 'thailand', first: 0 });
    expect(about.data.changesSince.totalCount).toBeGreaterThan(10);
    expect(xml.match(/<entry>/g)?.length).toBe(Math.min(200, about.data.changesSince.totalCount));
    const firstEntry = xml.slice(xml.indexOf('<entry>'), xml.indexOf('</entry>'));
    expect(firstEntry).toContain('Claim added: REFERENCES adgsom-5 → thailand');
    expect(firstEntry).toContain(quote);
  });

  it('serves JSON Feed 1.1 for a saved search, and refuses bad input with a code', async () => {
    const response = await fetch(
      `${base}/feeds/changes.json?q=${encodeURIComponent('ADGSOM')}&sinceRelease=2026-12`,
    );
    expect(response.status).toBe(200);
    const feed = await response.json();
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
    expect(feed.items).toHaveLength(1);
    expect(feed.items[0]).toMatchObject({ _change: { fact: 'REFERENCES:adgsom-5:thailand', quote } });
    const bad = await fetch(`${base}/feeds/changes.json?since=yesterday`);
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('the response cache', () => {
  it('keeps no answer of changesSince: a write elsewhere shows at once', async () => {
    // A second server over the same files that keeps the graph's version for a minute, as a replica
    // does: without a time-to-live of 0, it would answer from its cache after the write below.
    const replica = createApp(db, {
      ...testOptions,
      dataDir: fixture.dir,
      tokensFile: fixture.tokens.file,
      responseCache: {
        enabled: true,
        maxBytes: 1 << 20,
        maxEntryBytes: 1 << 16,
        ttlSeconds: 3600,
        versionMaxAgeMs: 60_000,
        redisUrl: undefined,
      },
    });
    const ask = async () => {
      const response = await replica.fetch('http://test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: changes, variables: { sinceRelease: '2026-12' } }),
      });
      return ((await response.json()) as { data: { changesSince: { totalCount: number } } }).data;
    };
    expect((await ask()).changesSince.totalCount).toBe(1);
    const retracted = await gql(
      `mutation($id: ID!) { retractFact(id: $id, reason: "test") { fact } }`,
      { id: `${source}#REFERENCES:adgsom-5:thailand` },
      token,
    );
    expect(retracted.errors).toBeUndefined();
    // Without a token, a retracted fact's writes are hidden (src/curation/audit-view.ts): none left.
    expect((await ask()).changesSince.totalCount).toBe(0);
  });
});
