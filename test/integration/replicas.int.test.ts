import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TokenStore } from '../../src/auth/tokens.ts';
import type { Database } from '../../src/db/database.ts';
import { exclusively } from '../../src/db/write-lock.ts';
import { dataDir } from '../../src/facts/source-files.ts';
import { createApp, testOptions } from '../../src/yoga.ts';
import { testDatabase } from '../helpers/database.ts';
import { loadKnowledgeBase } from '../helpers/knowledge-base.ts';

// Two replicas on one Neo4j, one data directory and one Redis, each with its own driver, cache
// client and curator, as two API processes have.
const source = 'cabinet-resolution-2024-07-09-adgmin4';
const dir = join(mkdtempSync(join(tmpdir(), 'replicas-')), 'data');
const factsFile = () => readFileSync(join(dir, 'facts', `${source}.yaml`), 'utf8');
let replicas: Array<{ db: Database; app: ReturnType<typeof createApp> }>;
let token: string;

const upsert = `mutation($input: UpsertEntityInput!) { upsertEntity(input: $input) { version } }`;
const entity = (id: string, name: string, version?: string) => ({
  input: { source, id, type: 'Country', section: '5.2', quote: 'ประเทศไทย', props: { name }, version },
});

function appOf(replica: number) {
  const app = replicas[replica]?.app;
  if (!app) throw new Error(`no replica ${replica}`);
  return app;
}

async function post(replica: number, query: string, variables: Record<string, unknown>) {
  const response = await appOf(replica).fetch('http://test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: Record<string, { version: string }>; errors?: unknown[] };
}

/** A GET without a token, as a reader's client sends it: the shared cache answers when it can. */
async function nameOn(replica: number, id: string): Promise<string | undefined> {
  const query = `{ entity(id: "${id}") { name } }`;
  const response = await appOf(replica).fetch(`http://test/graphql?query=${encodeURIComponent(query)}`, {
    headers: { 'x-graphql-yoga-csrf': '1' },
  });
  return ((await response.json()) as { data?: { entity?: { name: string } } }).data?.entity?.name;
}

beforeAll(async () => {
  cpSync(dataDir, dir, { recursive: true });
  const tokensFile = join(dir, '..', 'tokens.json');
  token = new TokenStore(tokensFile).create('curator-r', ['curate']).token;
  const responseCache = {
    enabled: true,
    maxBytes: 1024 * 1024,
    maxEntryBytes: 64 * 1024,
    ttlSeconds: 3600,
    // A minute: only a change heard through Redis makes a replica read the version again.
    versionMaxAgeMs: 60_000,
    redisUrl: inject('redisUrl'),
  };
  replicas = [testDatabase(), testDatabase()].map((db) => ({
    db,
    app: createApp(db, { ...testOptions, dataDir: dir, tokensFile, responseCache }),
  }));
  await loadKnowledgeBase(replicas[0]?.db as Database, dir);
});
afterAll(async () => {
  for (const { db, app } of replicas) {
    await app.dispose();
    await db.close();
  }
  const db = testDatabase();
  await loadKnowledgeBase(db);
  await db.close();
});

describe('two replicas', () => {
  it("share one cache in Redis: an answer kept by one is the other's", async () => {
    const before = await nameOn(0, 'thailand');
    // Behind the cache's back: no source changes, so the graph's version stays, and only a
    // replica that asks Neo4j sees the new name.
    const rename = { name: 'test.rename', cypher: 'MATCH (e:Entity {id: "thailand"}) SET e.name = $name' };
    await replicas[0]?.db.write(rename, { name: 'Renamed behind the cache' });
    expect(await nameOn(1, 'thailand')).toBe(before);
    await replicas[0]?.db.write(rename, { name: before });
  });

  it('see a write through either on the next read through the other, 20 times out of 20', async () => {
    const id = 'fx-replicated-country';
    let version = (await post(0, upsert, entity(id, 'Replica 0'))).data?.upsertEntity?.version;
    let seen = 0;
    for (let round = 1; round <= 20; round += 1) {
      const [writer, reader] = round % 2 ? [0, 1] : [1, 0];
      // Both caches hold the name as it was: a stale answer is there to be served.
      await nameOn(reader, id);
      const written = await post(writer, upsert, entity(id, `Replica ${round}`, version));
      expect(written.errors).toBeUndefined();
      version = written.data?.upsertEntity?.version;
      if ((await nameOn(reader, id)) === `Replica ${round}`) seen += 1;
    }
    expect(seen).toBe(20);
    // A hundred as separate processes: test/integration/replica-processes.int.test.ts.
  }, 120_000);

  it('lose no write when both curate at once: all are in the facts file and the graph', async () => {
    const ids = Array.from({ length: 12 }, (_, index) => `fx-concurrent-${index}`);
    const results = await Promise.all(ids.map((id, index) => post(index % 2, upsert, entity(id, id))));
    expect(results.flatMap((result) => result.errors ?? [])).toEqual([]);
    const facts = factsFile();
    for (const id of ids) expect(facts).toContain(`id: ${id}`);
    const rows = await replicas[1]?.db.read(
      { name: 'test.concurrent', cypher: 'MATCH (e:Entity) WHERE e.id IN $ids RETURN e.id AS id' },
      { ids },
    );
    expect(rows?.map((row) => row.id).sort()).toEqual([...ids].sort());
  });

  it('send the bookmarks of a write to the other replica', async () => {
    const written = await post(0, upsert, entity('fx-bookmarked', 'Bookmarked'));
    expect(written.errors).toBeUndefined();
    const bookmarks = (await replicas[0]?.db.currentBookmarks()) ?? [];
    expect(bookmarks.length).toBeGreaterThan(0);
    await expect
      .poll(async () => replicas[1]?.db.currentBookmarks())
      .toEqual(expect.arrayContaining(bookmarks));
  });
});

describe('the curation lock', () => {
  it('makes a second holder wait until the first is done', async () => {
    const [a, b] = replicas.map((replica) => replica.db) as [Database, Database];
    const order: string[] = [];
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let taken = () => {};
    const first = exclusively(a, 'test-lock', async () => {
      order.push('a in');
      taken();
      await held;
      order.push('a out');
    });
    await new Promise<void>((resolve) => {
      taken = resolve;
    });
    const second = exclusively(b, 'test-lock', async () => {
      order.push('b in');
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(order).toEqual(['a in']);
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['a in', 'a out', 'b in']);
  });

  it('is freed when its holder dies (its connection closes)', async () => {
    const holder = testDatabase();
    let taken = () => {};
    const held = new Promise<void>((resolve) => {
      taken = resolve;
    });
    void exclusively(holder, 'test-lock', async () => {
      taken();
      await new Promise(() => {}); // never done: the process "dies" below
    }).catch(() => {});
    await held;
    await holder.driver.close();
    const next = replicas[1]?.db as Database;
    await expect(exclusively(next, 'test-lock', async () => 'taken')).resolves.toBe('taken');
  });
});
