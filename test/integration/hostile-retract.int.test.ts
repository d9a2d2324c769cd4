import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { get, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import neo4j from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenStore } from '../../src/auth/tokens.ts';
import { createDriver, Database } from '../../src/db/database.ts';
import { type LocalNeo4j, startLocalNeo4j } from '../../src/db/local-neo4j.ts';
import { dataDir } from '../../src/facts/source-files.ts';
import { drain, listen } from '../../src/server.ts';
import { type App, createApp, testOptions } from '../../src/yoga.ts';
import { freePort } from '../helpers/free-port.ts';
import { loadKnowledgeBase, CURATED_REFERENCE as relation } from '../helpers/knowledge-base.ts';

// Issue 32, area "retract": retracted text readable by tokens only, a stalled export reader cut,
// wrong-password floods on Bolt, and a frozen database answered at once. This file runs its own
// Neo4j (it floods its Bolt port and freezes it) over a copy of data/.
const scratch = mkdtempSync(join(tmpdir(), 'policy-graph-hostile-retract-'));
const kbDir = join(scratch, 'data');
const { source } = relation;
/** A short budget, so that a frozen database is noticed quickly. */
const timeoutSeconds = 4;
const exportStallMs = 2_000;
let local: LocalNeo4j;
let db: Database;
let app: App;
let server: Server;
let base: string;
let curate: string;
let curateTokenId: string;

// biome-ignore lint/suspicious/noExplicitAny: response shapes vary per query
type Json = any;

async function gql(query: string, variables: Record<string, unknown> = {}, token?: string) {
  const response = await app.fetch('http://test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, headers: response.headers, ...((await response.json()) as Json) };
}

beforeAll(async () => {
  cpSync(dataDir, kbDir, { recursive: true });
  // The log holds this file's writes alone: earlier curations (test/fixtures/more-sources has some) are not its to page.
  rmSync(join(kbDir, 'audit.jsonl'), { force: true });
  local = await startLocalNeo4j({
    dataDir: join(scratch, 'neo4j'),
    port: await freePort(),
    heap: '512m',
    pageCache: '64m',
  });
  db = new Database(
    createDriver({ neo4jUser: local.user, neo4jPassword: local.password }, local.uri),
    'neo4j',
    60,
  );
  await loadKnowledgeBase(db, kbDir);
  const tokens = new TokenStore(join(scratch, 'tokens.json'));
  const made = tokens.create('curator-a', ['curate']);
  curate = made.token;
  curateTokenId = made.principal.tokenId;
  app = createApp(db, {
    ...testOptions,
    dataDir: kbDir,
    tokensFile: tokens.file,
    queryTimeoutSeconds: timeoutSeconds,
  });
  server = await listen(app, { port: 0, exportStallMs });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  if (server) await drain(server, 500);
  await db?.close();
  await local?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

// What is retracted or undone carries a marker that is nowhere else: not in the source text, not in the graph.
const retractedNote = 'hostile-retract-withdrawn-note';
const undoneName = 'Hostilia Withdrawnland';
const keptNote = 'hostile-retract-kept-note';

const addRelation = `mutation($input: AddRelationInput!) { addRelation(input: $input) { fact event { id at } } }`;
const auditLog = `query($entity: ID, $actor: String) { auditLog(first: 100, entity: $entity, actor: $actor) {
  nodes { id at actor action source fact entities reason before after undoes undoneBy } } }`;

/** The writes of the audit tests: a relation added then retracted, an entity added then undone, one kept. */
const writes: Record<string, Json> = {};

describe('retracted and undone content is readable by tokens only', () => {
  beforeAll(async () => {
    const added = await gql(
      addRelation,
      { input: { ...relation, qualifiers: { note: retractedNote } } },
      curate,
    );
    expect(added.errors).toBeUndefined();
    writes.added = added.data.addRelation.event;
    const retracted = await gql(
      `mutation($id: ID!) { retractFact(id: $id, reason: "court order 12/2026") { event { id at } } }`,
      { id: added.data.addRelation.fact },
      curate,
    );
    expect(retracted.errors).toBeUndefined();
    writes.retracted = retracted.data.retractFact.event;
    const entity = {
      source,
      id: 'fx-hostile-country',
      type: 'Country',
      section: '5.2',
      quote: 'ประเทศไทย',
      props: { name: undoneName, iso2: 'QH' },
    };
    const upserted = await gql(
      `mutation($input: UpsertEntityInput!) { upsertEntity(input: $input) { event { id } } }`,
      { input: entity },
      curate,
    );
    expect(upserted.errors).toBeUndefined();
    writes.upserted = upserted.data.upsertEntity.event;
    const undone = await gql(
      `mutation($id: ID!) { undo(auditEventId: $id) { event { id } } }`,
      { id: writes.upserted.id },
      curate,
    );
    expect(undone.errors).toBeUndefined();
    writes.undone = undone.data.undo.event;
    const kept = await gql(
      addRelation,
      { input: { ...relation, key: 'kept', qualifiers: { note: keptNote } } },
      curate,
    );
    expect(kept.errors).toBeUndefined();
    writes.kept = { ...kept.data.addRelation.event, fact: kept.data.addRelation.fact };
  });

  const byId = (events: Json[]) => new Map(events.map((event) => [event.id, event]));

  it('shows a reader without a token that a fact was retracted or undone, when and why, not what nor who', async () => {
    const answer = await gql(auditLog);
    expect(answer.errors).toBeUndefined();
    const events = byId(answer.data.auditLog.nodes);
    const hidden = { actor: null, fact: null, entities: [], before: null, after: null, source };
    expect(events.get(writes.added.id)).toEqual({
      ...hidden,
      id: writes.added.id,
      at: writes.added.at,
      action: 'addRelation',
      reason: null,
      undoes: null,
      undoneBy: null,
    });
    expect(events.get(writes.retracted.id)).toEqual({
      ...hidden,
      id: writes.retracted.id,
      at: writes.retracted.at,
      action: 'retractFact',
      reason: 'court order 12/2026',
      undoes: null,
      undoneBy: null,
    });
    expect(events.get(writes.upserted.id)).toMatchObject({ ...hidden, undoneBy: writes.undone.id });
    expect(events.get(writes.undone.id)).toMatchObject({
      ...hidden,
      action: 'undo',
      undoes: writes.upserted.id,
    });
    // What the source still states reads as it does in the graph; only the token's name is left out.
    expect(events.get(writes.kept.id)).toMatchObject({
      actor: null,
      fact: writes.kept.fact,
      entities: ['adgsom-5', 'thailand'],
      before: null,
      after: expect.stringContaining(keptNote),
    });
    const text = JSON.stringify(answer.data);
    for (const secret of [retractedNote, undoneName, 'curator-a']) expect(text).not.toContain(secret);
  });

  it('finds no hidden event by entity, and refuses a filter on token names', async () => {
    const thailand = await gql(auditLog, { entity: 'thailand' });
    expect(thailand.data.auditLog.nodes.map((event: Json) => event.id)).toEqual([writes.kept.id]);
    const byActor = await gql(auditLog, { actor: 'curator-a' });
    expect(byActor.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(JSON.stringify(byActor.data)).not.toContain('curator-a');
  });

  it('shows a token everything: who, and the lines retracted and undone', async () => {
    const answer = await gql(auditLog, {}, curate);
    const events = byId(answer.data.auditLog.nodes);
    expect(events.get(writes.added.id)).toMatchObject({
      actor: 'curator-a',
      fact: `${source}#REFERENCES:adgsom-5:thailand`,
      after: expect.stringContaining(retractedNote),
    });
    expect(events.get(writes.retracted.id).before).toContain(retractedNote);
    expect(events.get(writes.upserted.id).after).toContain(undoneName);
    expect(events.get(writes.undone.id).before).toContain(undoneName);
    const mine = await gql(auditLog, { actor: 'curator-a', entity: 'thailand' }, curate);
    expect(mine.data.auditLog.nodes.map((event: Json) => event.id)).toEqual([
      writes.kept.id,
      writes.retracted.id,
      writes.added.id,
    ]);
  });

  it('pages the log as a connection, newest first, and answers the old fields the same for one release', async () => {
    const page = `query($after: String, $entity: ID) { auditLog(first: 2, after: $after, entity: $entity) {
      nodes { id } edges { cursor node { id } } pageInfo { endCursor hasNextPage } totalCount
      events { id } endCursor hasNextPage } }`;
    const newestFirst = [
      writes.kept.id,
      writes.undone.id,
      writes.upserted.id,
      writes.retracted.id,
      writes.added.id,
    ];
    for (const token of [curate, undefined]) {
      const seen: string[] = [];
      let after: string | null = null;
      for (let pages = 0; pages < 3; pages += 1) {
        const answer = await gql(page, { after }, token);
        expect(answer.errors).toBeUndefined();
        const log = answer.data.auditLog;
        const ids = log.nodes.map((event: Json) => event.id);
        expect(log.edges.map((edge: Json) => edge.node.id)).toEqual(ids);
        expect(log.pageInfo.endCursor).toBe(log.edges.at(-1).cursor);
        expect(log.totalCount).toBe(5);
        expect(log.events.map((event: Json) => event.id)).toEqual(ids);
        expect(log.endCursor).toBe(log.pageInfo.endCursor);
        expect(log.hasNextPage).toBe(log.pageInfo.hasNextPage);
        expect(log.pageInfo.hasNextPage).toBe(pages < 2);
        seen.push(...ids);
        after = log.pageInfo.endCursor;
      }
      expect(seen).toEqual(newestFirst);
    }
    // Counted as seen: without a token, the events whose fact is hidden are not about thailand.
    const counted = async (token?: string) =>
      (await gql(page, { entity: 'thailand' }, token)).data.auditLog.totalCount;
    expect(await counted()).toBe(1);
    expect(await counted(curate)).toBe(3);
  });

  it('leaves them out of every export without a token; the cypher export with a token has them', async () => {
    for (const format of ['cypher', 'jsonl', 'graphml', 'gexf']) {
      const response = await fetch(`${base}/export/${format}`);
      expect(response.status, format).toBe(200);
      const text = await response.text();
      for (const secret of [retractedNote, undoneName, 'curator-a', curateTokenId])
        expect(text, `${format} holds ${secret}`).not.toContain(secret);
    }
    // The audit events are in the script, with when and why.
    const anonymous = await (await fetch(`${base}/export/cypher`)).text();
    expect(anonymous).toContain('// audit events without token names, nor what was retracted or undone');
    expect(anonymous).toContain(writes.retracted.id);
    expect(anonymous).toContain('court order 12/2026');

    const full = await (
      await fetch(`${base}/export/cypher`, { headers: { authorization: `Bearer ${curate}` } })
    ).text();
    for (const secret of [retractedNote, undoneName, 'curator-a', curateTokenId])
      expect(full).toContain(secret);

    const bad = await fetch(`${base}/export/cypher`, {
      headers: { authorization: 'Bearer pgt_not-a-token' },
    });
    expect(bad.status).toBe(401);
    expect((await bad.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('an export whose reader stops reading', () => {
  const exportTransactions = async () =>
    (
      await db.read({
        name: 'test.exports',
        cypher: `SHOW TRANSACTIONS YIELD metaData WHERE metaData.query STARTS WITH 'export.' RETURN count(*) AS n`,
      })
    )[0]?.n;

  /** Reads what is left of a response: its text, and whether it came to its end. */
  const rest = (reader: IncomingMessage) =>
    new Promise<{ text: string; complete: boolean }>((resolve) => {
      let text = '';
      reader.setEncoding('utf8');
      reader.on('data', (chunk: string) => {
        text += chunk;
      });
      reader.on('error', () => {}); // cut: the `close` below tells
      reader.on('close', () => resolve({ text, complete: reader.complete }));
    });

  it('is cut after the stall timeout, freeing its export slot and its transaction', async () => {
    // 20 MB of script, far more than the socket buffers and the stream hold, so a reader that
    // reads nothing stalls it.
    const pad = 'x'.repeat(1_000);
    await db.write(
      { name: 'test.filler', cypher: 'UNWIND range(1, $n) AS i CREATE (:HostileFiller {i: i, pad: $pad})' },
      { n: 20_000, pad },
    );
    const readers: IncomingMessage[] = [];
    const stalled = () =>
      new Promise<IncomingMessage>((resolve) => {
        // The response is never read: Node stops reading the socket once its buffer is full.
        get(`${base}/export/cypher`, resolve).on('error', () => {});
      });
    try {
      readers.push(await stalled(), await stalled());
      const stopped = performance.now();
      for (const reader of readers) expect(reader.statusCode).toBe(200);
      // Both slots are held, each by a transaction Neo4j is running for it.
      const busy = await fetch(`${base}/export/jsonl`);
      expect(busy.status).toBe(503);
      expect((await busy.json()).errors[0].extensions.code).toBe('SERVER_BUSY');
      await expect.poll(exportTransactions, { timeout: 30_000 }).toBe(2);

      // Without the cut, neither would ever be freed.
      await expect
        .poll(async () => (await fetch(`${base}/export/jsonl`, { method: 'HEAD' })).status, {
          timeout: 60_000,
          interval: 200,
        })
        .toBe(200);
      const freedMs = performance.now() - stopped;
      await expect.poll(exportTransactions, { timeout: 5_000 }).toBe(0);
      console.log(
        `Stalled export readers: slots and transactions free ${Math.round(freedMs)} ms after they stopped reading (stall timeout ${exportStallMs} ms)`,
      );
      expect(freedMs).toBeGreaterThan(exportStallMs);
      // Cut, not finished: the script's last statement never came.
      for (const reader of readers) {
        const { text, complete } = await rest(reader);
        expect(complete).toBe(false);
        expect(text).toContain('CREATE (n:`__Export`:`HostileFiller`');
        expect(text).not.toContain('DROP CONSTRAINT export_key;');
      }
    } finally {
      for (const reader of readers) reader.destroy();
      await db.write({ name: 'test.filler.remove', cypher: 'MATCH (n:HostileFiller) DELETE n' });
    }
  });
});

describe('a flood of wrong passwords on the Bolt port', () => {
  it('never locks the app out: its pool answers and new logins get in while the flood lasts', async () => {
    let flooding = true;
    const refusals: Record<string, number> = {};
    const attacker = async () => {
      while (flooding) {
        const driver = neo4j.driver(local.uri, neo4j.auth.basic('neo4j', 'not-the-password'));
        try {
          await driver.verifyConnectivity();
        } catch (error) {
          const code = (error as { code?: string }).code ?? 'other';
          refusals[code] = (refusals[code] ?? 0) + 1;
        } finally {
          await driver.close();
        }
      }
    };
    const attackers = Array.from({ length: 4 }, attacker);
    const logins: number[] = [];
    try {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const started = performance.now();
        const fresh = neo4j.driver(local.uri, neo4j.auth.basic(local.user, local.password));
        try {
          const { records } = await fresh.executeQuery('RETURN 1 AS ok');
          expect(records[0]?.get('ok').toNumber()).toBe(1);
        } finally {
          await fresh.close();
        }
        logins.push(performance.now() - started);
        const read = await gql('{ entity(id: "thailand") { name } }');
        expect(read.data).toEqual({ entity: { name: 'Thailand' } });
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    } finally {
      flooding = false;
      await Promise.all(attackers);
    }
    console.log(
      `Wrong-password flood: refusals ${JSON.stringify(refusals)}; fresh logins during it ${logins.map(Math.round).join(', ')} ms`,
    );
    // Far past Neo4j's default of 3 failures before a lock, and none refused for a lock.
    expect(refusals['Neo.ClientError.Security.Unauthorized']).toBeGreaterThan(20);
    expect(Object.keys(refusals)).toEqual(['Neo.ClientError.Security.Unauthorized']);
  });
});

describe('a frozen database (SIGSTOP)', () => {
  const ask = async () => {
    const started = performance.now();
    const answer = await gql('{ entity(id: "thailand") { name } }');
    return { ...answer, ms: performance.now() - started };
  };

  it('costs the first request its timeout, answers the next at once with Retry-After, and recovers after SIGCONT', async () => {
    // A request left over from the floods above may still time out and open the breaker: wait
    // past the timeout, then for the database to answer, so the breaker starts closed.
    await new Promise((resolve) => setTimeout(resolve, timeoutSeconds * 1000 + 500));
    await expect
      .poll(async () => (await ask()).data, { timeout: 20_000, interval: 200 })
      .toEqual({ entity: { name: 'Thailand' } });
    const pid = local.pid as number;
    process.kill(pid, 'SIGSTOP');
    let first: Json;
    const next: Json[] = [];
    let exportMs = 0;
    try {
      first = await ask();
      for (let attempt = 0; attempt < 5; attempt += 1) next.push(await ask());
      const started = performance.now();
      const exported = await fetch(`${base}/export/jsonl`);
      exportMs = performance.now() - started;
      expect(exported.status).toBe(503);
      expect(exported.headers.get('retry-after')).toBe('1');
      expect((await exported.json()).errors[0].extensions.code).toBe('DATABASE_UNAVAILABLE');
      expect((await app.fetch('http://test/health')).status).toBe(200);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    const thawed = performance.now();
    await expect
      .poll(async () => (await ask()).data, { timeout: 20_000, interval: 100 })
      .toEqual({ entity: { name: 'Thailand' } });
    const recoveryMs = performance.now() - thawed;
    console.log(
      `Frozen database: first request ${Math.round(first.ms)} ms, next ${next.map((answer) => Math.round(answer.ms)).join(', ')} ms, export ${Math.round(exportMs)} ms; answers again ${Math.round(recoveryMs)} ms after SIGCONT`,
    );
    expect(first.errors[0].extensions.code).toBe('DATABASE_UNAVAILABLE');
    expect(first.ms).toBeGreaterThan(timeoutSeconds * 1000 - 1_000);
    expect(first.ms).toBeLessThan(timeoutSeconds * 1000 + 1_000);
    for (const answer of next) {
      expect(answer.errors[0]).toEqual({
        message: 'The database is unavailable. Try again shortly.',
        path: ['entity'],
        locations: expect.any(Array),
        extensions: { code: 'DATABASE_UNAVAILABLE' },
      });
      expect(answer.status).toBe(503);
      expect(answer.headers.get('retry-after')).toBe('1');
      expect(answer.ms).toBeLessThan(1_000);
    }
    expect(exportMs).toBeLessThan(1_000);
    // A probe a second: back within a few of them once Neo4j runs again.
    expect(recoveryMs).toBeLessThan(10_000);
  });
});
