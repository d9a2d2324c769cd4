import { mkdtempSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { cypherScript } from '../../src/export/cypher.ts';
import { ReleaseService } from '../../src/releases/release-service.ts';
import type { ExportHeader } from '../../src/stores/graph-records.ts';
import { createApp, testOptions } from '../../src/yoga.ts';
import { curationFixture } from '../helpers/api.ts';
import { testDatabase } from '../helpers/database.ts';
import { RESOLUTION as source } from '../helpers/knowledge-base.ts';
import { until } from '../helpers/until.ts';

// Two apps on one Neo4j, one data directory and one webhooks file, as two replicas are; a receiver
// on loopback keeps what each path is sent.
interface Received {
  path: string;
  body: { event: string; release?: string; items: Array<{ fact: string; entities: string[] }> };
}
const received: Received[] = [];
let receiver: Server;
let hookBase: string;
let db: Database;
let fixture: Awaited<ReturnType<typeof curationFixture>>;
let replica: ReturnType<typeof createApp>;
let follower: string;
let curator: string;

const register = `mutation($url: String!, $entity: ID, $search: String) {
  registerWebhook(url: $url, entity: $entity, search: $search) { webhook { id entities } } }`;
const upsert = `mutation($input: UpsertEntityInput!) { upsertEntity(input: $input) { version } }`;
const country = (id: string, name: string, version?: string) => ({
  input: { source, id, type: 'Country', section: '5.2', quote: 'ประเทศไทย', props: { name }, version },
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const at = (path: string) => received.filter((r) => r.path === path);

beforeAll(async () => {
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      received.push({ path: request.url ?? '', body: JSON.parse(body) });
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done));
  hookBase = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  db = testDatabase();
  fixture = await curationFixture(db, 'webhook-follow');
  replica = createApp(db, {
    ...testOptions,
    dataDir: fixture.dir,
    tokensFile: fixture.tokens.file,
    webhooksFile: join(fixture.dir, '..', 'webhooks.json'),
  });
  follower = fixture.tokens.create('follower', ['follow']).token;
  curator = fixture.tokens.create('curator', ['curate']).token;
});
afterAll(async () => {
  await replica.dispose();
  await fixture.app.dispose();
  await new Promise((done) => receiver.close(done));
  await db.close();
});

describe('a release with two replicas watching', () => {
  it('is delivered once to each follower, by the replica that claimed it', async () => {
    for (const path of ['/once-a', '/once-b']) {
      const made = await fixture.gql(register, { url: `${hookBase}${path}`, entity: 'adgsom-5' }, follower);
      expect(made.errors).toBeUndefined();
    }
    const input = { type: 'REFERENCES', from: 'adgsom-5', to: 'thailand', source, section: '5.2' };
    const quote = 'จะช่วยส่งเสริมสร้างภาพลักษณ์ที่ดีแก่ประเทศไทย';
    const added = await fixture.gql(
      `mutation($input: AddRelationInput!) { addRelation(input: $input) { fact } }`,
      { input: { ...input, quote } },
      curator,
    );
    expect(added.errors).toBeUndefined();
    await new ReleaseService(db, fixture.dir).record('webhook-once');
    const ofRelease = (path: string) => at(path).filter((r) => r.body.release === 'webhook-once');
    await until(() => ofRelease('/once-a')[0], 5000);
    await until(() => ofRelease('/once-b')[0], 5000);
    // Both replicas look every second: after three more looks, a second delivery would be in.
    await pause(3000);
    expect(ofRelease('/once-a')).toHaveLength(1);
    expect(ofRelease('/once-b')).toHaveLength(1);
    // Who was told of what stays out of the export: a claim is in the graph, not in the dump.
    const header: ExportHeader = {
      kind: 'export',
      version: 'v',
      release: null,
      exportedAt: 'now',
      filters: {},
      sources: [],
    };
    const nodeLines: string[] = [];
    for await (const line of cypherScript(db, header)) if (line.includes(' CREATE (n:')) nodeLines.push(line);
    expect(nodeLines.length).toBeGreaterThan(0);
    expect(nodeLines.filter((line) => line.includes(':`WebhookClaim`'))).toEqual([]);
  });
});

describe('a followed search', () => {
  it('is run again for each write: an entity that matches it now is followed, one that no longer does is not', async () => {
    const write = async (id: string, name: string, version?: string) => {
      const written = await fixture.gql(upsert, country(id, name, version), curator);
      expect(written.errors).toBeUndefined();
      return written.data.upsertEntity as { version: string };
    };
    const about = (id: string) =>
      at('/search').filter((r) => r.body.items.some((i) => i.entities.includes(id)));
    const original = await write('freedonia-first', 'Freedonia');
    const made = await fixture.gql(register, { url: `${hookBase}/search`, search: 'Freedonia' }, follower);
    expect(made.errors).toBeUndefined();
    expect(made.data.registerWebhook).toMatchObject({ webhook: { entities: ['freedonia-first'] } });
    // A new entity the search finds: its write is told, though the search found it not at registration.
    const second = await write('freedonia-second', 'Freedonia Second');
    await until(() => about('freedonia-second')[0], 5000);
    // Renamed out of the search: neither the rename nor a later write about it is told. A write about
    // the entity still followed, made after them, is: once it is in, theirs would be.
    const renamed = await write('freedonia-second', 'Sylvania', second.version);
    await write('freedonia-second', 'Sylvania Major', renamed.version);
    const toldBefore = about('freedonia-second').length;
    const firstTold = about('freedonia-first').length;
    await write('freedonia-first', 'Freedonia First', original.version);
    await until(() => about('freedonia-first')[firstTold], 5000);
    await pause(300);
    expect(about('freedonia-second')).toHaveLength(toldBefore);
    expect(toldBefore).toBe(1);
  });
});

describe('the delivery log, read through the API', () => {
  it('pages across its rotated files, newest first, and keeps only so many', async () => {
    // An app of its own, whose log is rotated past 1 KiB (about four attempts) with one file kept.
    const hooksFile = join(mkdtempSync(join(tmpdir(), 'webhook-log-')), 'webhooks.json');
    const app = createApp(db, {
      ...testOptions,
      dataDir: fixture.dir,
      tokensFile: fixture.tokens.file,
      webhooksFile: hooksFile,
      webhookLog: { maxBytes: 1024, keep: 1 },
    });
    try {
      const gql = async (query: string, variables: Record<string, unknown>, token: string) => {
        const response = await app.fetch('http://test/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query, variables }),
        });
        // biome-ignore lint/suspicious/noExplicitAny: GraphQL answers are read by path
        return (await response.json()) as any;
      };
      const made = await gql(register, { url: `${hookBase}/log`, entity: 'thailand' }, follower);
      expect(made.errors).toBeUndefined();
      const input = { type: 'REFERENCES', from: 'adgsom-5', to: 'thailand', source, section: '5.2' };
      const quote = 'จะช่วยส่งเสริมสร้างภาพลักษณ์ที่ดีแก่ประเทศไทย';
      for (let n = 0; n < 9; n += 1) {
        const written = await gql(
          `mutation($input: AddRelationInput!) { addRelation(input: $input) { fact } }`,
          { input: { ...input, quote, key: `log-${n}` } },
          curator,
        );
        expect(written.errors).toBeUndefined();
        await until(() => at('/log')[n], 5000);
      }
      const read = async (first: number, after?: string) =>
        (
          await gql(
            `query($first: Int, $after: String) { webhooks { deliveries(first: $first, after: $after) { delivery cursor } } }`,
            { first, after },
            follower,
          )
        ).data.webhooks[0].deliveries as Array<{ delivery: string; cursor: string }>;
      const sent = at('/log').map((r) => (r.body as unknown as { delivery: string }).delivery);
      // The sender logs an attempt once its answer is in, a moment after the receiver has it.
      let whole = (await read(100)).map((attempt) => attempt.delivery);
      for (const end = Date.now() + 5000; whole[0] !== sent.at(-1) && Date.now() < end; await pause(20))
        whole = (await read(100)).map((attempt) => attempt.delivery);
      // The newest first, as many as the two files hold: more than one file's, fewer than all nine.
      expect(whole.length).toBeGreaterThan(4);
      expect(whole.length).toBeLessThan(9);
      expect(whole).toEqual(sent.reverse().slice(0, whole.length));
      const paged: string[] = [];
      for (let page = await read(2); page.length; page = await read(2, page.at(-1)?.cursor))
        paged.push(...page.map((attempt) => attempt.delivery));
      expect(paged).toEqual(whole);
      const logDir = dirname(hooksFile);
      expect(
        readdirSync(logDir)
          .filter((file) => file.startsWith('webhook-deliveries'))
          .sort(),
      ).toEqual(['webhook-deliveries.jsonl', 'webhook-deliveries.jsonl.1']);
    } finally {
      await app.dispose();
    }
  });
});
