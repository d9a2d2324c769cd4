// npm run bench:webhooks: how soon a webhook is delivered after the write that causes it. A copy of
// data/ on a scratch Neo4j, the app in-process, a receiver on loopback, and two followers: one of
// an entity, one of a search (run again for each write). WRITES curation writes one after another,
// each waited for at both receivers; then RELEASES releases, each recorded after one more write.
// Times are from the write's answer (a release: `record` returning) to the receipt, and, for
// curation writes, from the write's request too. Target (issue 38): within 2 s.
import { cpSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokenStore } from '../src/auth/tokens.ts';
import { migrate } from '../src/db/migrate.ts';
import { dataDir } from '../src/facts/source-files.ts';
import { loadAllSources } from '../src/loader/load-all.ts';
import { ReleaseService } from '../src/releases/release-service.ts';
import { createApp, productionOptions } from '../src/yoga.ts';
import { CURATED_REFERENCE } from '../test/helpers/resolution.ts';
import { withScratchNeo4j } from './scratch-neo4j.ts';

const writes = Number(process.env.WRITES ?? 50);
const releases = Number(process.env.RELEASES ?? 5);
const relation = CURATED_REFERENCE;

/** Receipts by path and by what they tell (an audit event id or a release name), with the time. */
const receipts = new Map<string, number>();
const receiver = createServer((request, response) => {
  let body = '';
  request.on('data', (chunk) => {
    body += chunk;
  });
  request.on('end', () => {
    const at = performance.now();
    const payload = JSON.parse(body) as { auditEventId?: string; release?: string };
    receipts.set(`${request.url} ${payload.auditEventId ?? payload.release}`, at);
    response.writeHead(200).end();
  });
});
await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done));
const hookBase = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

async function received(key: string, ms = 10_000): Promise<number> {
  const end = performance.now() + ms;
  for (;;) {
    const at = receipts.get(key);
    if (at !== undefined) return at;
    if (performance.now() > end) throw new Error(`${key}: not received within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

const rows: string[] = [];
function row(label: string, ms: number[]) {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) =>
    (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0).toFixed(1);
  rows.push(`| ${label} | ${ms.length} | ${at(0.5)} | ${at(0.95)} | ${at(1)} |`);
}

await withScratchNeo4j(async (db) => {
  const dir = join(mkdtempSync(join(tmpdir(), 'bench-webhooks-')), 'data');
  cpSync(dataDir, dir, { recursive: true });
  await migrate(db);
  await loadAllSources(db, dir);
  const tokens = new TokenStore(join(dir, '..', 'tokens.json'));
  const curator = tokens.create('bench-curator', ['curate']).token;
  const follower = tokens.create('bench-follower', ['follow']).token;
  const app = createApp(db, {
    ...productionOptions,
    dataDir: dir,
    tokensFile: tokens.file,
    webhooksFile: join(dir, '..', 'webhooks.json'),
  });
  // biome-ignore lint/suspicious/noExplicitAny: one shape per operation
  const gql = async (query: string, variables: Record<string, unknown>, token: string): Promise<any> => {
    const response = await app.fetch('http://bench/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown };
    if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 300));
    return body.data;
  };
  const register = `mutation($url: String!, $entity: ID, $search: String) {
    registerWebhook(url: $url, entity: $entity, search: $search) { webhook { id } } }`;
  await gql(register, { url: `${hookBase}/entity`, entity: 'adgsom-5' }, follower);
  await gql(register, { url: `${hookBase}/search`, search: 'Thailand' }, follower);
  const add = `mutation($input: AddRelationInput!) { addRelation(input: $input) { event { id } } }`;
  let n = 0;
  const write = async () => {
    const started = performance.now();
    const data = await gql(add, { input: { ...relation, key: `bench-${n++}` } }, curator);
    return { started, answered: performance.now(), id: data.addRelation.event.id as string };
  };

  const fromAnswer = { entity: [] as number[], search: [] as number[] };
  const fromRequest: number[] = [];
  for (let i = -3; i < writes; i += 1) {
    const { started, answered, id } = await write();
    const entityAt = await received(`/entity ${id}`);
    const searchAt = await received(`/search ${id}`);
    if (i < 0) continue; // three warm-up writes
    fromAnswer.entity.push(entityAt - answered);
    fromAnswer.search.push(searchAt - answered);
    fromRequest.push(Math.max(entityAt, searchAt) - started);
  }
  row('curation write → entity follower (from the answer)', fromAnswer.entity);
  row('curation write → search follower (from the answer)', fromAnswer.search);
  row('curation write → both (from the request)', fromRequest);

  const releaseMs: number[] = [];
  const service = new ReleaseService(db, dir);
  for (let i = 0; i < releases; i += 1) {
    await write();
    await service.record(`bench-webhooks-${i}`);
    const recorded = performance.now();
    releaseMs.push((await received(`/entity bench-webhooks-${i}`)) - recorded);
  }
  row('release → entity follower (from `record`)', releaseMs);
  await app.dispose();
});
receiver.close();

console.log('| write → receipt | n | p50 ms | p95 ms | max ms |\n|---|---|---|---|---|');
console.log(rows.join('\n'));
process.exit(0);
