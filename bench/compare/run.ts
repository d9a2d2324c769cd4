// npm run bench: our API against @neo4j/graphql and raw Cypher on generated graphs of growing size.
// Every operation is measured in rounds, the systems in a rotating order (bench/compare/rounds.ts).
// BENCH_MODE=quick (default for CI-like runs: ~1k and ~10k relationships, 5 rounds of 0.3 s) or
// full (~1k, ~10k, ~100k and ~1M relationships, 5 rounds of 1 s). Writes docs/reports/benchmarks.md and docs/reports/benchmarks.svg.
// `-- --repeat 2` runs it twice, writes nothing, and fails when a ratio of the two runs differs by more than 10%.
// BENCH_SCALES (entity counts, comma-separated) and BENCH_OPS (operation names) narrow a run to
// look at one thing; a narrowed run prints its report and writes nothing.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import autocannon from 'autocannon';
import type { Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { generateCorpus, loadCorpus } from '../corpus.ts';
import { withScratchNeo4j } from '../scratch-neo4j.ts';
import { type Ids, type Operation, suite } from '../suite.ts';
import { type Latency, method, plot, type Row, ratiosOf, type Scale, table, targets } from './report.ts';
import { disagreements, inRounds, ratioOver, summarise } from './rounds.ts';

const mode = process.env.BENCH_MODE === 'full' ? 'full' : 'quick';
const narrowedScales = process.env.BENCH_SCALES?.split(',').map(Number);
const narrowedOps = process.env.BENCH_OPS?.split(',').map((name) => name.trim());
const scales = narrowedScales ?? (mode === 'full' ? [710, 7_100, 71_000, 710_000] : [710, 7_100]);
const operations = narrowedOps ? suite.filter((op) => narrowedOps.includes(op.name)) : suite;
const repeat = Number(parseArgs({ options: { repeat: { type: 'string', default: '1' } } }).values.repeat);
if (!Number.isInteger(repeat) || repeat < 1)
  throw new Error('--repeat takes a whole number of runs, 1 or more');
const ROUNDS = 5;
/** Seconds of warm-up per system, and of latency sampling and of each throughput run per system and round. */
const seconds =
  mode === 'full' ? { warmUp: 2, latency: 1, throughput: 1 } : { warmUp: 0.1, latency: 0.3, throughput: 0.3 };
const OURS = 'http://127.0.0.1:4200/graphql';
/** Our server again, with its response cache on: a repeated read. */
const CACHED = 'http://127.0.0.1:4201/graphql';
const PEER = 'http://127.0.0.1:4100/graphql';
const RAW = 'http://127.0.0.1:4300/';

function start(
  file: string,
  port: number,
  uri: string,
  password: string,
  ready: string,
  env: Record<string, string> = {},
): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', file], {
    // The password goes by environment, not argument, so that `ps` does not show it. Every server
    // runs as deployed (NODE_ENV=production, as in the Dockerfile): graphql-js checks less then.
    env: {
      ...process.env,
      ...env,
      NODE_ENV: 'production',
      PORT: String(port),
      NEO4J_URI: uri,
      NEO4J_PASSWORD: password,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      if (line.includes(ready)) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code}`)));
  });
}

function rssMb(child: ChildProcess): number {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

async function post(url: string, query: string, variables: Record<string, unknown>) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as {
    data?: Record<string, unknown>;
    errors?: unknown;
    extensions?: { roundTrips?: number };
  };
  if (body.errors) throw new Error(`${url}: ${JSON.stringify(body.errors)}`);
  return body;
}

/** A request body for each system: GraphQL for the two APIs, the operation's name for the raw endpoint. */
type Body = Record<string, unknown>;

/**
 * Requests per second at `connections` concurrent connections (autocannon). autocannon stops at its
 * next sample tick (50 ms here, so a run can be short) and drops the requests then in flight, each
 * on average half done: they count as half a request, or a short run would favour the faster system.
 */
async function throughput(url: string, body: Body, connections: number): Promise<number> {
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    connections,
    duration: seconds.throughput,
    sampleInt: 50,
  });
  if (result.non2xx || result.errors)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  const cutOff = result.requests.sent - result.requests.total;
  return (result.requests.total + cutOff / 2) / result.duration;
}

/**
 * Latency one request at a time, sampled with a sub-millisecond clock (autocannon's histogram
 * rounds to whole milliseconds, too coarse for ratios of queries that take a few).
 */
async function latency(work: () => Promise<unknown>, duration = seconds.latency): Promise<number[]> {
  const samples: number[] = [];
  const until = performance.now() + duration * 1000;
  while (performance.now() < until) {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  return samples;
}

function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return Number((sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0).toFixed(2));
}

const percentiles = (samples: readonly number[]): Latency => ({
  p50: percentile(samples, 0.5),
  p95: percentile(samples, 0.95),
  p99: percentile(samples, 0.99),
});

/** One request over HTTP (keep-alive), the body read in full. */
async function request(url: string, body: Body): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
}

async function pickIds(db: Database): Promise<Ids> {
  const one = async (cypher: string) => String((await db.read({ name: 'bench.pick', cypher }))[0]?.id);
  return {
    country: await one('MATCH (c:Country) RETURN c.id AS id ORDER BY c.id LIMIT 1'),
    topic: await one(`MATCH (t:Topic) WITH t, COUNT { (t)<-[:ADDRESSES]-() } AS d WHERE d <= 60
      RETURN t.id AS id ORDER BY d DESC, t.id LIMIT 1`),
    // Typed list fields return up to 100 entities, so pick one whose answer fits.
    meeting: await one(`MATCH (m:Meeting) WITH m, COUNT { (m)-[:ATTENDED|PRODUCED]-() } AS d WHERE d <= 100
      RETURN m.id AS id ORDER BY d DESC, m.id LIMIT 1`),
    project: await one('MATCH (p:Project) RETURN p.id AS id ORDER BY p.id LIMIT 1'),
    document: await one('MATCH (d:Document) RETURN d.id AS id ORDER BY d.id LIMIT 1'),
  };
}

/** Checks that the three systems give the same answer before anything is timed. */
async function checkEqual(db: Database, op: Operation, variables: Record<string, unknown>): Promise<number> {
  const ours = await post(OURS, op.ours, variables);
  const expected = op.fromCypher(await db.read({ name: `bench.${op.name}`, cypher: op.cypher }, variables));
  const got = op.fromOurs(ours.data ?? {});
  if (!isDeepStrictEqual(got, expected))
    throw new Error(`${op.name}: ours ${JSON.stringify(got)} ≠ Cypher ${JSON.stringify(expected)}`);
  const rawHttp = (await (
    await fetch(RAW, { method: 'POST', body: JSON.stringify({ op: op.name, variables }) })
  ).json()) as { rows: Array<Record<string, unknown>> };
  if (!isDeepStrictEqual(op.fromCypher(rawHttp.rows), expected))
    throw new Error(`${op.name}: the raw endpoint disagrees with the driver`);
  if (op.peer && op.fromPeer) {
    const peer = op.fromPeer((await post(PEER, op.peer, variables)).data ?? {});
    if (!isDeepStrictEqual(peer, expected))
      throw new Error(`${op.name}: peer ${JSON.stringify(peer)} ≠ Cypher ${JSON.stringify(expected)}`);
  }
  return ours.extensions?.roundTrips ?? 0;
}

/** The whole graph as jsonl over HTTP, timed to the last byte. */
async function exportTime(base: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    const response = await fetch(new URL('/export/jsonl', base));
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`export: HTTP ${response.status}`);
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[1] as number;
}

/**
 * One operation on every system, in rounds. Each measurement gives numbers: a round's latency
 * samples, or one throughput. Ratios are taken round by round, then summarised.
 */
async function measure(db: Database, op: Operation, variables: Record<string, unknown>): Promise<Row> {
  const roundTrips = await checkEqual(db, op, variables);
  const ourBody = { query: op.ours, variables };
  const peerBody = op.peer ? { query: op.peer, variables } : undefined;
  const rawBody = { op: op.name, variables };
  const requests = new Map<string, () => Promise<unknown>>([
    ['ours', () => request(OURS, ourBody)],
    ['cached', () => request(CACHED, ourBody)],
    ['rawHttp', () => request(RAW, rawBody)],
  ]);
  if (peerBody) requests.set('peer', () => request(PEER, peerBody));
  if (mode === 'full')
    requests.set('raw', () => db.read({ name: `bench.${op.name}`, cypher: op.cypher }, variables));
  for (const work of requests.values()) await latency(work, seconds.warmUp);
  const systems = new Map([...requests].map(([name, work]) => [name, () => latency(work)]));
  const load = new Map<string, [string, Body]>([['ours', [OURS, ourBody]]]);
  if (peerBody) load.set('peer', [PEER, peerBody]);
  if (mode === 'full') load.set('cached', [CACHED, ourBody]);
  // Quick mode measures throughput only where a ratio reads it: ours beside the peer.
  if (peerBody || mode === 'full')
    for (const [name, [url, body]] of load)
      for (const c of [16, 64]) systems.set(`${name}Rps${c}`, async () => [await throughput(url, body, c)]);
  const rounds = await inRounds(systems, ROUNDS);
  const all = (name: string) => rounds.get(name)?.flat();
  const latencyOf = (name: string) => {
    const samples = all(name);
    return samples && percentiles(samples);
  };
  const median = (name: string) => {
    const values = all(name);
    return values && summarise(values).median;
  };
  const p50s = (name: string) => rounds.get(name)?.map((samples) => percentile(samples, 0.5)) ?? [];
  const perRound = (name: string) => all(name) ?? [];
  const ratio = (a: string, b: string, of: (name: string) => number[]) =>
    rounds.has(a) && rounds.has(b) ? ratioOver(of(a), of(b)) : undefined;
  const ratios = {
    'ours/peer p50': ratio('ours', 'peer', p50s),
    'ours/raw HTTP p50': ratio('ours', 'rawHttp', p50s),
    'cached/raw HTTP p50': ratio('cached', 'rawHttp', p50s),
    'peer/ours rps c16': ratio('peerRps16', 'oursRps16', perRound),
    'peer/ours rps c64': ratio('peerRps64', 'oursRps64', perRound),
  };
  return {
    op: op.name,
    ours: latencyOf('ours') as Latency,
    cached: latencyOf('cached') as Latency,
    peer: latencyOf('peer'),
    raw: latencyOf('raw'),
    rawHttp: latencyOf('rawHttp') as Latency,
    oursRps16: median('oursRps16'),
    peerRps16: median('peerRps16'),
    oursRps64: median('oursRps64'),
    peerRps64: median('peerRps64'),
    cachedRps16: median('cachedRps16'),
    cachedRps64: median('cachedRps64'),
    ratios: Object.fromEntries(Object.entries(ratios).filter(([, summary]) => summary)),
    roundTrips,
  };
}

async function runScale(entities: number): Promise<Scale> {
  let scale: Scale | undefined;
  await withScratchNeo4j(async (db, uri, password) => {
    await migrate(db);
    const corpus = generateCorpus(entities);
    const load = await loadCorpus(db, corpus);
    console.log(`${corpus.relations} relationships loaded in ${(load.ms / 1000).toFixed(1)} s`);
    const ids = await pickIds(db);
    const [ours, cachedServer, peer, rawServer] = await Promise.all([
      start('bench/our-server.ts', 4200, uri, password, 'OURS_READY'),
      start('bench/our-server.ts', 4201, uri, password, 'OURS_READY', { RESPONSE_CACHE: 'on' }),
      start('bench/compare/peer-server.ts', 4100, uri, password, 'PEER_READY'),
      start('bench/raw-server.ts', 4300, uri, password, 'RAW_READY'),
    ]);
    try {
      const rows: Row[] = [];
      for (const op of operations) {
        rows.push(await measure(db, op, op.variables(ids)));
        console.log(op.name, JSON.stringify(rows.at(-1)));
      }
      scale = {
        entities: corpus.entities,
        relations: corpus.relations,
        loadSeconds: load.ms / 1000,
        rows,
        memory: { ours: rssMb(ours), peer: rssMb(peer) },
        exportMs: await exportTime(OURS),
      };
    } finally {
      ours.kill('SIGTERM');
      cachedServer.kill('SIGTERM');
      peer.kill('SIGTERM');
      rawServer.kill('SIGTERM');
    }
  });
  return scale as Scale;
}

/** Every scale once; its wall time printed, as quick mode must stay under 4 minutes. */
async function runAll(): Promise<Scale[]> {
  const started = performance.now();
  const results: Scale[] = [];
  for (const entities of scales) results.push(await runScale(entities));
  console.log(`${mode} mode took ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return results;
}

const runs: Scale[][] = [];
for (let run = 0; run < repeat; run++) runs.push(await runAll());
const versions = JSON.parse(readFileSync('bench/compare/package.json', 'utf8')).dependencies as Record<
  string,
  string
>;
const reportOf = (results: Scale[]) =>
  [
    '# Benchmarks: our API, @neo4j/graphql and raw Cypher',
    '',
    ...method({ mode, rounds: ROUNDS, seconds, versions }),
    '![p50 against graph size](benchmarks.svg)',
    '',
    ...targets(results, operations),
    ...results.flatMap(table),
  ].join('\n');
for (const results of runs) console.log(reportOf(results));
const [first, ...others] = runs.map((results) => ratiosOf(results));
if (first && others.length > 0) {
  // A repeated run is a check of the benchmark itself: it writes nothing.
  const medians = (ratios: typeof first) => new Map([...ratios].map(([key, s]) => [key, s.median]));
  const found = others.flatMap((ratios) => disagreements(medians(first), medians(ratios)));
  for (const d of found)
    console.log(
      `disagrees: ${d.key}: ${d.first.toFixed(2)} then ${d.second.toFixed(2)} (${(d.off * 100).toFixed(0)}% apart)`,
    );
  const unsure = runs.map((results) => [...ratiosOf(results).values()].filter((s) => s.unsure).length);
  console.log(
    `${runs.length} runs: ${first.size} ratios each, ${found.length} off by more than 10%; unsure per run: ${unsure.join(', ')}`,
  );
  if (found.length > 0) process.exitCode = 1;
} else if (!narrowedScales && !narrowedOps && runs[0]) {
  writeFileSync('docs/reports/benchmarks.md', reportOf(runs[0]));
  writeFileSync('docs/reports/benchmarks.svg', plot(runs[0], operations));
}
