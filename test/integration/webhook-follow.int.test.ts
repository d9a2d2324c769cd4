import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { ReleaseService } from '../../src/releases/release-service.ts';
import { createApp, testOptions } from '../../src/yoga.ts';
import { curationFixture } from '../helpers/api.ts';
import { testDatabase } from '../helpers/database.ts';
import { RESOLUTION as source } from '../helpers/knowledge-base.ts';

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

async function until<T>(find: () => T | undefined, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > end) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
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
