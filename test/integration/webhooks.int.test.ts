import { createHmac } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenStore } from '../../src/auth/tokens.ts';
import type { Database } from '../../src/db/database.ts';
import { ReleaseService } from '../../src/releases/release-service.ts';
import { curationFixture } from '../helpers/api.ts';
import { testDatabase } from '../helpers/database.ts';
import { CURATED_REFERENCE as input, RESOLUTION as source } from '../helpers/knowledge-base.ts';
import { until } from '../helpers/until.ts';

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
let curatorId: string;
let app: Awaited<ReturnType<typeof curationFixture>>['app'];
let tokensFile: string;
const secrets: Record<string, string> = {};

const register = `mutation($url: String!, $entity: ID, $search: String) {
  registerWebhook(url: $url, entity: $entity, search: $search) { secret webhook { id url entities } } }`;
const { quote } = input;

/** A fact's id as change items give it: without its source. */
const idOf = (fact: string) => fact.slice(fact.indexOf('#') + 1);

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
  ({ gql, dir, app } = fixture);
  tokensFile = fixture.tokens.file;
  follower = fixture.tokens.create('follower', ['follow']).token;
  const made = fixture.tokens.create('curator', ['curate']);
  curator = made.token;
  curatorId = made.principal.tokenId;
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
    // The receiver has the retry a moment before the sender logs its answer.
    const flaky = await until(async () => {
      const log = await gql(
        `{ webhooks { url deliveries { attempt status ok nextAttemptAt event } } }`,
        {},
        follower,
      );
      const hook = log.data.webhooks.find((h: { url: string }) => h.url.endsWith('/flaky'));
      return hook.deliveries.length === 2 ? hook : undefined;
    }, 2000);
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

// A follow token only registers webhooks: what was retracted, and who wrote what, it reads as a
// reader without a token does. The write below is retracted; its note is nowhere else.
describe('a follow token', () => {
  const note = 'webhooks-follow-withdrawn-note';
  const withdrawnQuote = 'สนับสนุนบทบาทที่สร้างสรรค์ของประเทศไทยในเวทีอาเซียน';
  const withdrawn = { ...input, key: 'withdrawn', quote: withdrawnQuote, qualifiers: { note } };
  const auditLog = `query($actor: String) { auditLog(first: 100, actor: $actor) {
    nodes { id actor action source fact entities reason before after } } }`;
  const changes = `{ changesSince(sinceRelease: "webhooks-r2", first: 100) {
    totalCount nodes { id kind fact source section quote reason } } }`;
  let fact: string;
  let beforeRetraction: number;

  beforeAll(async () => {
    const added = await gql(
      `mutation($input: AddRelationInput!) { addRelation(input: $input) { fact } }`,
      { input: withdrawn },
      curator,
    );
    expect(added.errors).toBeUndefined();
    fact = added.data.addRelation.fact;
    // Its delivery (public while the fact stood) is in before the retraction.
    for (const path of ['/ok', '/flaky'])
      await until(() => received.find((r) => r.path === path && r.body.includes(withdrawnQuote)), 5000);
    beforeRetraction = received.length;
    const retracted = await gql(
      `mutation($id: ID!) { retractFact(id: $id, reason: "court order") { fact } }`,
      { id: fact },
      curator,
    );
    expect(retracted.errors).toBeUndefined();
  });

  it('cannot write: a curation mutation is FORBIDDEN', async () => {
    const refused = await gql(
      `mutation($input: AddRelationInput!) { addRelation(input: $input) { fact } }`,
      { input: { ...input, key: 'by-follower' } },
      follower,
    );
    expect(refused.errors?.[0].extensions.code).toBe('FORBIDDEN');
    const retract = await gql(
      `mutation($id: ID!) { retractFact(id: $id, reason: "mine") { fact } }`,
      { id: fact },
      follower,
    );
    expect(retract.errors?.[0].extensions.code).toBe('FORBIDDEN');
  });

  it('reads the audit log as a reader without a token: no token names, nothing retracted', async () => {
    const anonymous = await gql(auditLog);
    const followed = await gql(auditLog, {}, follower);
    expect(followed.errors).toBeUndefined();
    expect(followed.data).toEqual(anonymous.data);
    const seen = JSON.stringify(followed.data);
    for (const secret of [note, '"curator"', fact]) expect(seen).not.toContain(secret);
    // A curator reads it whole: the test would see a leak.
    const whole = JSON.stringify((await gql(auditLog, {}, curator)).data);
    for (const secret of [note, '"curator"', fact]) expect(whole).toContain(secret);
    const byActor = await gql(auditLog, { actor: 'curator' }, follower);
    expect(byActor.errors?.[0].extensions.code).toBe('FORBIDDEN');
  });

  it('reads changesSince without the retracted claim or its quote', async () => {
    const anonymous = await gql(changes);
    const followed = await gql(changes, {}, follower);
    expect(followed.errors).toBeUndefined();
    expect(followed.data).toEqual(anonymous.data);
    expect(JSON.stringify(followed.data)).not.toContain(withdrawnQuote);
    const whole = await gql(changes, {}, curator);
    expect(whole.data.changesSince.nodes).toContainEqual(
      expect.objectContaining({
        kind: 'RETRACTED',
        fact: idOf(fact),
        quote: withdrawnQuote,
        reason: 'court order',
      }),
    );
  });

  it('gets the Cypher export without token names nor what was retracted', async () => {
    const script = async (token?: string) => {
      const files = await app.exportFiles('cypher', {}, token && `Bearer ${token}`);
      return (await Promise.all(files.map((file) => text(file.open())))).join('');
    };
    const followed = await script(follower);
    expect(followed).toContain('// audit events without token names, nor what was retracted or undone');
    for (const secret of [note, curatorId]) expect(followed).not.toContain(secret);
    const whole = await script(curator);
    for (const secret of [note, curatorId]) expect(whole).toContain(secret);
  });

  it('is not sent the retracted quote in a webhook payload', async () => {
    // A later write about adgsom-5, delivered: the retraction, queued before it, has had its turn.
    const later = await gql(
      `mutation($input: AddRelationInput!) { addRelation(input: $input) { fact } }`,
      { input: { ...input, key: 'later' } },
      curator,
    );
    expect(later.errors).toBeUndefined();
    const laterFact = idOf(later.data.addRelation.fact);
    await until(() => received.slice(beforeRetraction).find((r) => r.body.includes(laterFact)), 5000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const since = received.slice(beforeRetraction).map((r) => r.body);
    expect(since.length).toBeGreaterThan(0);
    for (const body of since) {
      expect(body).not.toContain(withdrawnQuote);
      expect(body).not.toContain('"retracted"');
    }
  });
});

describe('a webhook whose token was removed', () => {
  it('gets no more deliveries, and the log says why', async () => {
    const { token, principal } = new TokenStore(tokensFile).create('short-lived', ['follow']);
    const made = await gql(register, { url: `${hookBase}/gone`, entity: 'adgsom-5' }, token);
    expect(made.errors).toBeUndefined();
    const hook = made.data.registerWebhook.webhook.id;
    const write = (key: string) =>
      gql(
        `mutation($input: AddRelationInput!) { addRelation(input: $input) { fact } }`,
        { input: { ...input, key } },
        curator,
      );
    // While the token exists, the hook is sent to.
    expect((await write('while-followed')).errors).toBeUndefined();
    await until(() => received.find((r) => r.path === '/gone'), 5000);
    removeToken(principal.tokenId);
    const before = received.length;
    const after = await write('after-removal');
    expect(after.errors).toBeUndefined();
    const afterFact = idOf(after.data.addRelation.fact);
    // The follower of the same entity whose token stays is told; the one whose token went is not.
    await until(
      () => received.slice(before).find((r) => r.path === '/ok' && r.body.includes(afterFact)),
      5000,
    );
    const deliveries = join(dir, '..', 'webhook-deliveries.jsonl');
    const refused = await until(
      () =>
        readFileSync(deliveries, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line))
          .find((attempt) => attempt.webhook === hook && attempt.error?.startsWith('not sent')),
      5000,
    );
    expect(refused).toMatchObject({ ok: false, status: null, nextAttemptAt: null });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(received.slice(before).filter((r) => r.path === '/gone')).toEqual([]);
  });
});

/** Takes a token out of the tokens file, as an operator revoking it by hand does. */
function removeToken(tokenId: string): void {
  const tokens = JSON.parse(readFileSync(tokensFile, 'utf8')) as { tokenId: string }[];
  writeFileSync(tokensFile, JSON.stringify(tokens.filter((token) => token.tokenId !== tokenId)));
}
