// npm run bench: our API against @neo4j/graphql and raw Cypher on generated graphs of growing size.
// BENCH_MODE=quick (default for CI-like runs: ~1k and ~10k relationships, a quarter second of latency, a second of throughput) or
// full (~1k, ~10k, ~100k and ~1M relationships, 5 s). Writes docs/reports/benchmarks.md and docs/reports/benchmarks.svg.
// BENCH_SCALES (entity counts, comma-separated) and BENCH_OPS (operation names) narrow a run to
// look at one thing; a narrowed run prints its report and writes nothing.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { createInterface } from 'node:readline';
import { isDeepStrictEqual } from 'node:util';
import autocannon from 'autocannon';
import type { Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { generateCorpus, loadCorpus } from '../corpus.ts';
import { withScratchNeo4j } from '../scratch-neo4j.ts';
import { type Ids, type Operation, suite } from '../suite.ts';

const mode = process.env.BENCH_MODE === 'full' ? 'full' : 'quick';
const narrowedScales = process.env.BENCH_SCALES?.split(',').map(Number);
const narrowedOps = process.env.BENCH_OPS?.split(',').map((name) => name.trim());
const scales = narrowedScales ?? (mode === 'full' ? [710, 7_100, 71_000, 710_000] : [710, 7_100]);
const operations = narrowedOps ? suite.filter((op) => narrowedOps.includes(op.name)) : suite;
/** Seconds of warm-up, of latency sampling and of each throughput run, per system and operation. */
const seconds =
  mode === 'full'
    ? { warmUp: 2, latency: 5, throughput: 5 }
    : // autocannon runs for a second at least.
      { warmUp: 0.1, latency: 0.25, throughput: 1 };
const OURS = 'http://127.0.0.1:4200/graphql';
/** Our server again, with its response cache on: a repeated read. */
const CACHED = 'http://127.0.0.1:4201/graphql';
const PEER = 'http://127.0.0.1:4100/graphql';
const RAW = 'http://127.0.0.1:4300/';

interface Latency {
  p50: number;
  p95: number;
  p99: number;
}
interface Row {
  op: string;
  ours: Latency;
  cached: Latency;
  peer?: Latency;
  raw: Latency;
  rawHttp: Latency;
  oursRps16: number;
  peerRps16?: number;
  oursRps64: number;
  peerRps64?: number;
  /** Not measured in quick mode: no target reads them, and each run takes autocannon's second. */
  cachedRps16?: number;
  cachedRps64?: number;
  roundTrips: number;
}

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

/** Requests per second at `connections` concurrent connections (autocannon). */
async function throughput(url: string, body: Body, connections: number, duration = seconds.throughput) {
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    connections,
    duration,
  });
  if (result.non2xx || result.errors)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result.requests.average;
}

/**
 * Latency one request at a time, sampled with a sub-millisecond clock (autocannon's histogram
 * rounds to whole milliseconds, too coarse for ratios of queries that take a few).
 */
async function latency(work: () => Promise<unknown>, duration = seconds.latency): Promise<Latency> {
  const samples: number[] = [];
  const until = performance.now() + duration * 1000;
  while (performance.now() < until) {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const at = (p: number) =>
    Number((samples[Math.min(samples.length - 1, Math.floor(samples.length * p))] ?? 0).toFixed(2));
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

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

interface Scale {
  entities: number;
  relations: number;
  loadSeconds: number;
  rows: Row[];
  memory: { ours: number; peer: number };
  /** GET /export/jsonl of the whole graph from our server, p50 of three. */
  exportMs: number;
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
        const variables = op.variables(ids);
        const roundTrips = await checkEqual(db, op, variables);
        const ourBody = { query: op.ours, variables };
        const peerBody = op.peer ? { query: op.peer, variables } : undefined;
        const rawBody = { op: op.name, variables };
        // Warm-up, then the systems alternate measurement by measurement: only ratios taken side by
        // side mean anything on a shared, noisy machine.
        await latency(() => request(OURS, ourBody), seconds.warmUp);
        await latency(() => request(CACHED, ourBody), seconds.warmUp);
        if (peerBody) await latency(() => request(PEER, peerBody), seconds.warmUp);
        await latency(() => request(RAW, rawBody), seconds.warmUp);
        const ours = await latency(() => request(OURS, ourBody));
        const cached = await latency(() => request(CACHED, ourBody));
        const peer = peerBody ? await latency(() => request(PEER, peerBody)) : undefined;
        const rawHttp = await latency(() => request(RAW, rawBody));
        const raw = await latency(() => db.read({ name: `bench.${op.name}`, cypher: op.cypher }, variables));
        const oursRps16 = await throughput(OURS, ourBody, 16);
        const peerRps16 = peerBody ? await throughput(PEER, peerBody, 16) : undefined;
        const oursRps64 = await throughput(OURS, ourBody, 64);
        const peerRps64 = peerBody ? await throughput(PEER, peerBody, 64) : undefined;
        const cachedRps16 = mode === 'full' ? await throughput(CACHED, ourBody, 16) : undefined;
        const cachedRps64 = mode === 'full' ? await throughput(CACHED, ourBody, 64) : undefined;
        rows.push({
          op: op.name,
          ours,
          cached,
          cachedRps16,
          cachedRps64,
          peer,
          raw,
          rawHttp,
          oursRps16,
          peerRps16,
          oursRps64,
          peerRps64,
          roundTrips,
        });
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

const ratio = (a: number | undefined, b: number | undefined) => (a && b ? (a / b).toFixed(2) : '–');

function table(scale: Scale): string[] {
  return [
    `## ${scale.relations.toLocaleString('en')} relationships (${scale.entities.toLocaleString('en')} entities; loaded in ${scale.loadSeconds.toFixed(1)} s)`,
    '',
    `Server memory after the run (RSS): ours ${scale.memory.ours} MB, @neo4j/graphql ${scale.memory.peer} MB. The whole graph as jsonl (\`GET /export/jsonl\`): ${Math.round(scale.exportMs)} ms.`,
    '',
    'Columns "cached" are our server with its response cache on, asked the same read again and again (their throughput in full mode only).',
    '',
    '| Operation | round trips | ours p50 / p95 / p99 ms | cached p50 | peer p50 | raw HTTP p50 | raw driver p50 | ours/peer p50 | ours/raw HTTP p50 | cached/raw HTTP p50 | ours rps c16 | peer rps c16 | ours rps c64 | peer rps c64 | peer/ours rps c16, c64 | cached rps c16, c64 |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...scale.rows
      .map((r) =>
        [
          r.op,
          r.roundTrips,
          `${r.ours.p50} / ${r.ours.p95} / ${r.ours.p99}`,
          r.cached.p50,
          r.peer?.p50 ?? '–',
          r.rawHttp.p50,
          r.raw.p50,
          ratio(r.ours.p50, r.peer?.p50),
          ratio(r.ours.p50, r.rawHttp.p50),
          ratio(r.cached.p50, r.rawHttp.p50),
          Math.round(r.oursRps16),
          r.peerRps16 ? Math.round(r.peerRps16) : '–',
          Math.round(r.oursRps64),
          r.peerRps64 ? Math.round(r.peerRps64) : '–',
          r.peerRps16 ? `${ratio(r.peerRps16, r.oursRps16)}, ${ratio(r.peerRps64, r.oursRps64)}` : '–',
          r.cachedRps16 === undefined
            ? '–'
            : `${Math.round(r.cachedRps16)}, ${Math.round(r.cachedRps64 ?? 0)}`,
        ].join(' | '),
      )
      .map((line) => `| ${line} |`),
    '',
  ];
}

/** Each target of the benchmark with its worst measured value over all operations and scales. */
function targets(results: Scale[]): string[] {
  const rows = results.flatMap((scale) => scale.rows.map((row) => ({ scale, row })));
  const worst = (values: Array<{ value: number; where: string }>) =>
    values.reduce((a, b) => (b.value > a.value ? b : a), { value: 0, where: '–' });
  const where = (scale: Scale, row: Row) => `${row.op}, ${scale.relations.toLocaleString('en')}`;
  const of = (pick: (row: Row) => number | undefined) =>
    worst(
      rows.flatMap(({ scale, row }) => {
        const value = pick(row);
        return value === undefined ? [] : [{ value, where: where(scale, row) }];
      }),
    );
  const first = results[0];
  const last = results.at(-1);
  const growth =
    first && last && first !== last
      ? worst(
          operations
            .filter((op) => op.boundedResult)
            .map((op) => {
              const at = (scale: Scale) => scale.rows.find((row) => row.op === op.name)?.ours.p50 ?? 0;
              return { value: at(last) / Math.max(at(first), 0.01), where: op.name };
            }),
        )
      : undefined;
  const line = (target: string, goal: string, found: { value: number; where: string } | undefined) =>
    `| ${target} | ${goal} | ${found ? found.value.toFixed(2) : '–'} | ${found?.where ?? '–'} |`;
  return [
    '## Targets',
    '',
    'The worst value over every operation and scale measured in this run.',
    '',
    '| Target | Goal | Worst measured | Where |',
    '|---|---|---|---|',
    line(
      'ours/peer p50',
      '≤ 1.0',
      of((r) => (r.peer ? r.ours.p50 / r.peer.p50 : undefined)),
    ),
    line(
      'peer/ours throughput, c16',
      '≤ 1.0',
      of((r) => (r.peerRps16 ? r.peerRps16 / r.oursRps16 : undefined)),
    ),
    line(
      'peer/ours throughput, c64',
      '≤ 1.0',
      of((r) => (r.peerRps64 ? r.peerRps64 / r.oursRps64 : undefined)),
    ),
    line(
      'ours/raw p50, raw over HTTP',
      '≤ 1.3',
      of((r) => r.ours.p50 / r.rawHttp.p50),
    ),
    line(
      'cache on, repeated read: ours/raw p50 over HTTP',
      '≤ 1.0',
      of((r) => r.cached.p50 / r.rawHttp.p50),
    ),
    line(`p50 at the largest over the smallest graph, bounded results`, '≤ 2.0', growth),
    `| load time of the largest graph (s) | < 300 | ${last ? last.loadSeconds.toFixed(1) : '–'} | ${last ? `${last.relations.toLocaleString('en')} relationships` : '–'} |`,
    '',
  ];
}

/** Latency (p50) against graph size, one line per operation, log-scaled x. */
function plot(results: Scale[]): string {
  const width = 720;
  const height = 360;
  const pad = 50;
  const xs = results.map((s) => Math.log10(s.relations));
  const maxY = Math.max(...results.flatMap((s) => s.rows.map((r) => r.ours.p50)), 1);
  const x = (v: number) =>
    pad + ((v - Math.min(...xs)) / Math.max(Math.max(...xs) - Math.min(...xs), 1)) * (width - 2 * pad);
  const y = (v: number) => height - pad - (v / maxY) * (height - 2 * pad);
  const colours = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f'];
  const lines = operations.map((op, index) => {
    const points = results
      .map((s, i) => `${x(xs[i] as number).toFixed(1)},${y(s.rows[index]?.ours.p50 ?? 0).toFixed(1)}`)
      .join(' ');
    return `<polyline fill="none" stroke="${colours[index % colours.length]}" stroke-width="2" points="${points}"/>
  <text x="${width - pad + 4}" y="${y(results.at(-1)?.rows[index]?.ours.p50 ?? 0).toFixed(1)}" font-size="10" fill="${colours[index % colours.length]}">${op.name}</text>`;
  });
  const ticks = results.map(
    (s, i) =>
      `<text x="${x(xs[i] as number).toFixed(1)}" y="${height - pad + 16}" font-size="11" text-anchor="middle">${s.relations.toLocaleString('en')}</text>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width + 200}" height="${height}" font-family="sans-serif">
  <text x="${pad}" y="20" font-size="13">Our p50 latency (ms, concurrency 1) against graph size (relationships, log scale)</text>
  <line x1="${pad}" y1="${height - pad}" x2="${width - pad}" y2="${height - pad}" stroke="#888"/>
  <line x1="${pad}" y1="${pad}" x2="${pad}" y2="${height - pad}" stroke="#888"/>
  <text x="${pad - 6}" y="${pad}" font-size="11" text-anchor="end">${maxY}</text>
  <text x="${pad - 6}" y="${height - pad}" font-size="11" text-anchor="end">0</text>
  ${ticks.join('\n  ')}
  ${lines.join('\n  ')}
</svg>
`;
}

const results: Scale[] = [];
for (const entities of scales) results.push(await runScale(entities));
const versions = JSON.parse(readFileSync('bench/compare/package.json', 'utf8')).dependencies as Record<
  string,
  string
>;
const report = [
  '# Benchmarks: our API, @neo4j/graphql and raw Cypher',
  '',
  `Run by \`npm run bench\` (${mode} mode) on ${new Date().toISOString().slice(0, 10)}: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}, Neo4j 5.26 (local launcher, 4 GB heap, 2 GB page cache), @neo4j/graphql ${versions['@neo4j/graphql']}, autocannon ${versions.autocannon}.`,
  '',
  'Each operation is first checked to give the same answer from every system. Then, per operation,',
  `the systems alternate: a warm-up (${seconds.warmUp} s), latency one request at a time (${seconds.latency} s each), throughput at concurrency 16 and 64 (${seconds.throughput} s each).`,
  'Raw Cypher is the floor, measured twice: through the driver in-process, one request at a time (no HTTP),',
  'and behind a bare node:http endpoint (`bench/raw-server.ts`), measured over HTTP exactly like the two APIs.',
  'Each floor returns the data our answer holds: for full-text search the same 100 candidates with what our ranking reads of them (the ranking itself is ours alone), for claims and sources every citation with its claims, for a path with citations every hop with the sources it cites.',
  'Ours runs twice, side by side: with the response cache off (every read computed) and on ("cached": the same read repeated, so after the warm-up each is a hit; the graph\'s version is read from Neo4j at most once a second, `RESPONSE_CACHE_VERSION_MS`).',
  'The difference between the two is what any HTTP API pays for transport and JSON.',
  "Latency is sampled per request with `performance.now()` over keep-alive `fetch`; throughput is autocannon's requests per second.",
  'Every server runs as deployed, with `NODE_ENV=production`.',
  'Both servers share the machine with Neo4j and the load generator (2 cores), so absolute numbers are noisy; ratios measured side by side are the result.',
  '',
  '![p50 against graph size](benchmarks.svg)',
  '',
  ...targets(results),
  ...results.flatMap(table),
].join('\n');
if (!narrowedScales && !narrowedOps) {
  writeFileSync('docs/reports/benchmarks.md', report);
  writeFileSync('docs/reports/benchmarks.svg', plot(results));
}
console.log(report);
