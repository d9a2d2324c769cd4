import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { ReleaseService } from '../../src/releases/release-service.ts';
import { curationFixture } from '../helpers/api.ts';
import { testDatabase } from '../helpers/database.ts';
import { RESOLUTION as source } from '../helpers/knowledge-base.ts';

// A receiver started here, on loopback: /ok answers 200; /flaky answers 500 to its first request,
// then 200. Two followers: one of adgsom-5 at /ok, one of thailand at /flaky. One write touches both.
interface Received {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  at: number;
}
const received: Received[] = [];
let flakyCalls = 0;
let receiver: Server;
let hookBase: string;
let db: Database;
let dir: string;
// biome-ignore lint/suspicious/noExplicitAny: GraphQL answers are read by path
let gql: (query: string, variables?: Record<string, unknown>, token?: string) => Promise<any>;
let follower: string;
let curator: string;
const secrets: Record<string, string> = {};

const register = `mutation($url: String!, $entity: ID, $search: String) {
  registerWebhook(url: $url, entity: $entity, search: $search) { secret webhook { id url entities } } }`;
const quote = 'จะช่วยส่งเสริมสร้างภาพลักษณ์ที่ดีแก่ประเทศไทย';
const input = { type: 'REFERENCES', from: 'adgsom-5', to: 'thailand', source, section: '5.2', quote };

async function until<T>(find: () => T | undefined, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > end) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const verifies = (request: Received, secret: string) => {
  const timestamp = String(request.headers['x-policy-graph-timestamp']);
  const expected = createHmac('sha256', secret).update(`${timestamp}.${request.body}`).digest('hex');
  return request.headers['x-policy-graph-signature'] === `sha256=${expected}`;
};

beforeAll(async () => {
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      received.push({ path: request.url ?? '', headers: request.headers, body, at: Date.now() });
      if (request.url === '/flaky') flakyCalls += 1;
      const fail = request.url === '/flaky' && flakyCalls === 1;
      response.writeHead(fail ? 500 : 200).end();
    });
  });
  await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done));
  hookBase = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  db = testDatabase();
  const fixture = await curationFixture(db, 'webhooks');
  ({ gql, dir } = fixture);
  follower = fixture.tokens.create('follower', ['follow']).token;
  curator = fixture.tokens.create('curator', ['curate']).token;
});
afterAll(async () => {
  await new Promise((done) => receiver.close(done));
  await db.close();
});

describe('webhooks', () => {
  it('registers with the follow scope only, and loopback URLs only', async () => {
    const refused = await gql(register, { url: `${hookBase}/ok`, entity: 'adgsom-5' }, curator);
    expect(refused.errors?.[0].extensions.code).toBe('FORBIDDEN');
    for (const url of ['http://10.1.2.3/hook', 'https://example.org/hook', 'file:///etc/passwd']) {
      const outside = await gql(register, { url, entity: 'adgsom-5' }, follower);
      expect(outside.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    }
    const missing = await gql(register, { url: `${hookBase}/ok`, entity: 'no-such-entity' }, follower);
    expect(missing.errors?.[0].extensions.code).toBe('NOT_FOUND');
    for (const [path, entity] of [
      ['ok', 'adgsom-5'],
      ['flaky', 'thailand'],
    ] as const) {
      const made = await gql(register, { url: `${hookBase}/${path}`, entity }, follower);
      expect(made.errors).toBeUndefined();
      expect(made.data.registerWebhook.webhook.entities).toEqual([entity]);
      secrets[path] = made.data.registerWebhook.secret;
    }
    expect(received).toEqual([]);
  });

  it('POSTs a curation write within 2 s, signed; retries after a 500; logs both attempts', async () => {
    const added = await gql(
      `mutation($input: AddRelationInput!) { addRelation(input: $input) { fact } }`,
      { input },
      curator,
    );
    expect(added.errors).toBeUndefined();
    const written = Date.now();
    const ok = await until(() => received.find((r) => r.path === '/ok'), 2000);
    expect(ok.at - written).toBeLessThan(2000);
    expect(verifies(ok, secrets.ok as string)).toBe(true);
    expect(verifies({ ...ok, body: ok.body.replace('5.2', '5.3') }, secrets.ok as string)).toBe(false);
    const payload = JSON.parse(ok.body);
    expect(payload).toMatchObject({
      event: 'curation',
      items: [{ kind: 'added', fact: 'REFERENCES:adgsom-5:thailand', source, section: '5.2', quote }],
    });
    // The flaky receiver failed once; the retry comes about 1 s later, with the same delivery id.
    const retried = await until(() => received.filter((r) => r.path === '/flaky')[1], 5000);
    const [first] = received.filter((r) => r.path === '/flaky');
    expect(retried.headers['x-policy-graph-delivery']).toBe(first?.headers['x-policy-graph-delivery']);
    expect(verifies(retried, secrets.flaky as string)).toBe(true);
    const log = await gql(
      `{ webhooks { url deliveries { attempt status ok nextAttemptAt event } } }`,
      {},
      follower,
    );
    const flaky = log.data.webhooks.find((hook: { url: string }) => hook.url.endsWith('/flaky'));
    expect(flaky.deliveries).toMatchObject([
      { attempt: 2, status: 200, ok: true, nextAttemptAt: null, event: 'curation' },
      { attempt: 1, status: 500, ok: false, nextAttemptAt: expect.any(String) },
    ]);
  });

  it('POSTs a new release that touches the entity, with its items', async () => {
    const before = received.length;
    await new ReleaseService(db, dir).record('webhooks-r2');
    const release = await until(
      () => received.slice(before).find((r) => r.path === '/ok' && r.body.includes('"release"')),
      5000,
    );
    const payload = JSON.parse(release.body);
    expect(payload.release).toBe('webhooks-r2');
    expect(payload.items).toContainEqual(
      expect.objectContaining({
        kind: 'added',
        fact: 'REFERENCES:adgsom-5:thailand',
        quote,
        release: 'webhooks-r2',
      }),
    );
    expect(payload.items.every((item: { entities: string[] }) => item.entities.includes('adgsom-5'))).toBe(
      true,
    );
  });
});
