import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenStore } from '../../src/auth/tokens.ts';
import { dataDir } from '../../src/facts/source-files.ts';
import { recordRelease } from '../../src/releases/releases.ts';
import { createApp, productionOptions } from '../../src/yoga.ts';
import { testDatabase } from '../helpers/database.ts';
import { CURATED_REFERENCE, loadKnowledgeBase } from '../helpers/knowledge-base.ts';

// The cache against a copy of data/, written to by a curator.
const db = testDatabase();
const dir = join(mkdtempSync(join(tmpdir(), 'response-cache-')), 'data');
let app: ReturnType<typeof createApp>;
let everyRequest: ReturnType<typeof createApp>;
let token: string;
const name = '{ entity(id: "thailand") { name } }';
const renamed = 'Thailand, renamed behind the cache';

/** A GET, as a client that caches sends a query (with the CSRF header GETs need). */
const get = (query: string, headers: Record<string, string> = {}, to = app) =>
  to.fetch(`http://test/graphql?query=${encodeURIComponent(query)}`, {
    headers: { 'x-graphql-yoga-csrf': '1', ...headers },
  });
const nameIn = async (response: Response) =>
  ((await response.json()) as { data: { entity: { name: string } } }).data.entity.name;
/** Changes the graph without changing any source: only an uncached read can see it. */
const renameBehind = (value: string) =>
  db.write(
    { name: 'test.rename', cypher: 'MATCH (e:Entity {id: "thailand"}) SET e.name = $value' },
    { value },
  );

beforeAll(async () => {
  cpSync(dataDir, dir, { recursive: true });
  await loadKnowledgeBase(db, dir);
  token = new TokenStore(join(dir, '..', 'tokens.json')).create('curator-c', ['curate']).token;
  const options = {
    ...productionOptions,
    dataDir: dir,
    tokensFile: join(dir, '..', 'tokens.json'),
  };
  const cache = {
    enabled: true,
    // Room for three of the last test's answers, kept as about 650 bytes each (entryBytes).
    maxBytes: 2_300,
    maxEntryBytes: 64 * 1024,
    ttlSeconds: 3600,
    redisUrl: undefined,
  };
  // The version is kept for a minute: only this server's own writes can make it read it again.
  app = createApp(db, { ...options, responseCache: { ...cache, versionMaxAgeMs: 60_000 } });
  // Reads the version with each request, as replicas that must see each other's writes at once.
  everyRequest = createApp(db, { ...options, responseCache: { ...cache, versionMaxAgeMs: 0 } });
});
afterAll(async () => {
  await loadKnowledgeBase(db);
  await db.close();
});

describe('the response cache', () => {
  it('answers a repeated read from the cache, and 304 to a GET that has it', async () => {
    const first = await get(name);
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^[0-9a-f]{32}\.[0-9a-f]{32}$/);
    expect(await nameIn(first)).toBe('Thailand');
    await renameBehind(renamed);
    try {
      // The graph's version is unchanged, so the answer comes from the cache.
      expect(await nameIn(await get(name))).toBe('Thailand');
      const again = await get(name, { 'if-none-match': etag ?? '' });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe('');
      // A curator's read is never cached: it sees the graph as it is.
      expect(await nameIn(await get(name, { authorization: `Bearer ${token}` }))).toBe(renamed);
    } finally {
      await renameBehind('Thailand');
    }
  });

  it('shows a curation write on the next read, and the old ETag no longer matches', async () => {
    const query =
      '{ entity(id: "adgsom-5") { relations(types: ["REFERENCES"], direction: OUT) { nodes { id } } } }';
    const before = await get(query);
    const etag = before.headers.get('etag') ?? '';
    const ids = async (response: Response) =>
      (
        (await response.json()) as { data: { entity: { relations: { nodes: Array<{ id: string }> } } } }
      ).data.entity.relations.nodes.map((node) => node.id);
    expect(await ids(before)).not.toContain('REFERENCES:adgsom-5:thailand');
    const write = await app.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: `mutation($input: AddRelationInput!) { addRelation(input: $input) { fact } }`,
        variables: {
          input: CURATED_REFERENCE,
        },
      }),
    });
    expect(((await write.json()) as { errors?: unknown }).errors).toBeUndefined();
    const stale = await get(query, { 'if-none-match': etag });
    expect(stale.status).toBe(200);
    expect(stale.headers.get('etag')).not.toBe(etag);
    expect(await ids(stale)).toContain('REFERENCES:adgsom-5:thailand');
  });

  it('sees a write by another process at once when it reads the version with each request', async () => {
    const releases = async (to: typeof app) =>
      (
        (await (await get('{ releases { id } }', {}, to)).json()) as {
          data: { releases: Array<{ id: string }> };
        }
      ).data.releases.map((release) => release.id);
    expect(await releases(everyRequest)).not.toContain('cache-test');
    expect(await releases(app)).not.toContain('cache-test');
    // Recording a release changes no source, and happens outside both servers.
    await recordRelease(db, 'cache-test', dir);
    expect(await releases(everyRequest)).toContain('cache-test');
    // The server that keeps its version for a minute still answers from before it.
    expect(await releases(app)).not.toContain('cache-test');
  });

  it('keeps an answer for each asOf apart, and answers the same asOf from the cache', async () => {
    const query = 'query($day: Date) { nodes(ids: ["thailand"], asOf: $day) { ... on Entity { name } } }';
    const at = (day: string, headers: Record<string, string> = {}) =>
      app.fetch(
        `http://test/graphql?query=${encodeURIComponent(query)}&variables=${encodeURIComponent(JSON.stringify({ day }))}`,
        { headers: { 'x-graphql-yoga-csrf': '1', ...headers } },
      );
    const names = async (response: Response) =>
      ((await response.json()) as { data: { nodes: Array<{ name: string } | null> } }).data.nodes;
    // Before the resolution Thailand is not known; on its day it is.
    const before = await at('1900-01-01');
    const after = await at('2024-07-09');
    expect(await names(before)).toEqual([null]);
    expect(await names(after)).toEqual([{ name: 'Thailand' }]);
    expect(before.headers.get('etag')).not.toBe(after.headers.get('etag'));
    await renameBehind(renamed);
    try {
      // Both answers are kept: each day is answered as first read, the rename unseen.
      expect(await names(await at('2024-07-09'))).toEqual([{ name: 'Thailand' }]);
      expect(await names(await at('1900-01-01'))).toEqual([null]);
      const again = await at('2024-07-09', { 'if-none-match': after.headers.get('etag') ?? '' });
      expect(again.status).toBe(304);
      // A day not asked before, after every source (whatever else data/ holds), is read from the graph.
      expect(await names(await at('2100-01-01'))).toEqual([{ name: renamed }]);
    } finally {
      await renameBehind('Thailand');
    }
  });

  it('shows a write and its undo in auditLog, though the undo brings every source back', async () => {
    // Small enough to be kept (the cap above): totalCount is what a write and its undo change. Read
    // through the server that reads the version with each request: only the version's content counts.
    const count = async () =>
      (
        (await (await get('{ auditLog(first: 1) { totalCount } }', {}, everyRequest)).json()) as {
          data: { auditLog: { totalCount: number } };
        }
      ).data.auditLog.totalCount;
    type Answer = { errors?: unknown[]; data: Record<string, { event: { id: string } }> };
    const post = async (query: string, variables: Record<string, unknown>) =>
      (await (
        await app.fetch('http://test/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query, variables }),
        })
      ).json()) as Answer;
    const before = await count();
    const written = await post(
      `mutation($input: AddRelationInput!) { addRelation(input: $input) { event { id } } }`,
      {
        input: {
          type: 'REFERENCES',
          from: 'adgsom-5',
          to: 'cambodia',
          source: 'cabinet-resolution-2024-07-09-adgmin4',
          section: '5.2',
          quote: 'จะช่วยส่งเสริมสร้างภาพลักษณ์ที่ดีแก่ประเทศไทย',
        },
      },
    );
    expect(written.errors).toBeUndefined();
    const undone = await post(`mutation($id: ID!) { undo(auditEventId: $id) { event { id } } }`, {
      id: written.data.addRelation?.event.id,
    });
    expect(undone.errors).toBeUndefined();
    // The sources' facts are as before the write, so only the log tells the graph's versions apart.
    expect(await count()).toBe(before + 2);
  });

  it('keeps no errors, and no more answers than its cap', async () => {
    for (const query of [
      '{ entity(id: "thailand") { nosuchfield } }',
      '{ changes(from: "nope") { total } }',
    ]) {
      const bad = await get(query);
      expect(((await bad.json()) as { errors?: unknown[] }).errors?.length).toBe(1);
      expect(bad.headers.get('etag')).toBeNull();
    }
    // Three such answers at most: the first of four reads has gone.
    const reads = ['thailand', 'cambodia', 'itu', 'asean'].map((id) => `{ entity(id: "${id}") { id } }`);
    const etags: string[] = [];
    for (const query of reads) etags.push((await get(query)).headers.get('etag') ?? '');
    expect((await get(reads[3] ?? '', { 'if-none-match': etags[3] ?? '' })).status).toBe(304);
    expect((await get(reads[0] ?? '', { 'if-none-match': etags[0] ?? '' })).status).toBe(200);
  });
});
