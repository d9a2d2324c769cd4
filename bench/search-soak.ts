// npm run bench:search-soak [-- --seconds 60 --warmup 120 --connections 32 --vs <checkout> --profile]: the nested
// search soak of issue 37. A real HTTP server as deployed (bench/search-soak-server.ts: NODE_ENV=
// production, the V8 flags of its Dockerfile, response cache off, so every search is computed) over a scratch Neo4j holding the
// knowledge base and the generated corpus at ~10k relationships; autocannon at 32 connections, each
// request a different search (bench/search-quality.tsv and the corpus's names) with relations,
// their far ends and quotes nested under each hit. Prints requests/s, p50/p95/p99, errors, and the
// CPU that Neo4j and the server spent a request (from /proc). --warmup (s, off the record): a Neo4j
// fresh from its load keeps compiling (its JIT) for over a minute of the soak, spending more than
// twice the CPU a request it will once warm (docs/reports/search-speed.md, fifth pass); the requests/s
// of every 10 s of the warm-up and of the run are printed, so a run shows whether it was steady.
// --vs <checkout> (may be repeated): the same soak against another checkout's server, each alone on a
// scratch Neo4j of its own, all taking turns over --rounds (default 1). --profile: the server of this checkout profiles its CPU
// (node:inspector) and sums each named query's time over the measured runs; both are printed after.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { selfTime } from './cpu-profile.ts';
import { treeCpuMs } from './proc-cpu.ts';
import { withScratchNeo4j } from './scratch-neo4j.ts';
import { query, searchTerms } from './search-soak-terms.ts';

const { values: flags } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    connections: { type: 'string', default: '32' },
    rounds: { type: 'string', default: '1' },
    warmup: { type: 'string', default: '120' },
    vs: { type: 'string', multiple: true, default: [] },
    profile: { type: 'boolean', default: false },
  },
});
const seconds = Number(flags.seconds);
const connections = Number(flags.connections);
const rounds = Number(flags.rounds);
const warmup = Number(flags.warmup);
if (!(warmup >= 1)) throw new Error(`--warmup takes seconds, at least 1: ${flags.warmup}`);

interface AutocannonResult {
  requests: { total: number; sent: number };
  duration: number;
  errors: number;
  non2xx: number;
  latency: { p99: number };
}
type Autocannon = (options: object) => Promise<AutocannonResult>;

/** autocannon lives with the other load tools in bench/compare (npm run bench:search-soak installs them). */
async function loadAutocannon(): Promise<Autocannon> {
  const require = createRequire(new URL('./compare/package.json', import.meta.url));
  return ((await import(require.resolve('autocannon'))) as { default: Autocannon }).default;
}

/**
 * The V8 flags the checkout deploys with (its Dockerfile's `CMD ["node", <flags>…, "--import", …]`),
 * so that each checkout's server runs as it would in production.
 */
function deployedNodeFlags(checkout: string): string[] {
  const cmd = /^CMD \[(.*)\]$/mu.exec(readFileSync(join(checkout, 'Dockerfile'), 'utf8'))?.[1];
  const args = cmd ? (JSON.parse(`[${cmd}]`) as string[]) : [];
  return args.slice(1).filter((arg) => /^--(max|min)-[a-z-]+=\d+$/u.test(arg));
}

function startServer(checkout: string, uri: string, password: string, port: number, profileFile?: string) {
  const args = [...deployedNodeFlags(checkout), '--import', 'tsx', 'bench/search-soak-server.ts', checkout];
  const child = spawn(process.execPath, args, {
    // The password by environment, not argument, so that `ps` does not show it.
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      NEO4J_URI: uri,
      NEO4J_PASSWORD: password,
      ...(profileFile && { PROFILE_FILE: profileFile }),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  return new Promise<{ child: ChildProcess; lines: string[] }>((resolveStart, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      lines.push(line);
      if (line.includes('SOAK_READY')) resolveStart({ child, lines });
    });
    child.once('exit', (code) => reject(new Error(`${checkout}: the server exited with ${code}`)));
  });
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;

interface Soak {
  rps: number;
  /** Requests completed. */
  requests: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  /** Requests/s in each 10 s of the run. */
  windows: number[];
}

/** What Neo4j (its process tree) and the server spent on the measured run, in CPU ms a request. */
interface Cpu {
  neo4j: number;
  server: number;
}

/** One checkout's measured run and its CPU. */
type Measured = { soak: Soak; cpu: Cpu };

const WINDOW_MS = 10_000;

/** Completions counted by whole 10 s window since `started`; a last, shorter window is left out. */
function windowsOf(done: number[], started: number, ended: number): number[] {
  const counts = new Array<number>(Math.floor((ended - started) / WINDOW_MS)).fill(0);
  for (const at of done) {
    const window = Math.floor((at - started) / WINDOW_MS);
    if (window < counts.length) counts[window] = (counts[window] ?? 0) + 1;
  }
  return counts.map((count) => count / (WINDOW_MS / 1000));
}

/** One soak: every request the next term, so no two in a row (nor on one connection) are equal. */
async function soak(autocannon: Autocannon, port: number, terms: string[], duration: number): Promise<Soak> {
  let next = 0;
  let graphqlErrors = 0;
  const latencies: number[] = [];
  const done: number[] = [];
  const started = performance.now();
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/graphql`,
    connections,
    duration,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        setupRequest: (request: object, context: { started?: number }) => {
          context.started = performance.now();
          const variables = { query: terms[next++ % terms.length] };
          return { ...request, body: JSON.stringify({ query, variables }) };
        },
        onResponse: (status: number, body: string, context: { started?: number }) => {
          const now = performance.now();
          latencies.push(now - (context.started ?? 0));
          done.push(now);
          if (status === 200 && body.includes('"errors"')) {
            if (graphqlErrors++ === 0) console.error(`First GraphQL error: ${body.slice(0, 300)}`);
          }
        },
      },
    ],
  });
  latencies.sort((a, b) => a - b);
  return {
    rps: result.requests.total / result.duration,
    requests: result.requests.total,
    p50: percentile(latencies, 0.5),
    p95: percentile(latencies, 0.95),
    p99: percentile(latencies, 0.99),
    errors: result.errors + result.non2xx + graphqlErrors,
    windows: windowsOf(done, started, performance.now()),
  };
}

async function stop({ child, lines }: { child: ChildProcess; lines: string[] }): Promise<string[]> {
  await new Promise((resolveExit) => {
    child.once('exit', resolveExit);
    child.kill('SIGTERM');
  });
  return lines;
}

const row = (name: string, s: Soak, cpu: Cpu) =>
  `| ${name} | ${s.rps.toFixed(1)} | ${s.p50.toFixed(1)} | ${s.p95.toFixed(1)} | ${s.p99.toFixed(1)} | ${s.errors} | ${cpu.neo4j.toFixed(1)} | ${cpu.server.toFixed(1)} |`;

const perWindow = (s: Soak) => s.windows.map((rps) => rps.toFixed(0)).join(' ');

/** Where the server's time went: its CPU profile's top functions and each named query's summed time. */
function printProfile(profileFile: string, lines: string[]) {
  const { totalMs, packages, functions } = selfTime(profileFile, 25);
  console.log(`\nServer CPU profile over the measured run (${Math.round(totalMs)} ms)\n`);
  console.log(['| package | self |', '| --- | --- |', ...packages].join('\n'));
  console.log(['\n| function | self |', '| --- | --- |', ...functions].join('\n'));
  const times = lines.find((line) => line.startsWith('QUERY_TIMES '));
  if (!times) return;
  const spent = Object.entries(JSON.parse(times.slice('QUERY_TIMES '.length)) as Record<string, number>);
  console.log('\n| query | summed wall time in the driver, s |\n| --- | --- |');
  for (const [name, ms] of spent.sort((a, b) => b[1] - a[1]))
    console.log(`| ${name} | ${(ms / 1000).toFixed(1)} |`);
}

const autocannon = await loadAutocannon();
const terms = searchTerms();
const checkouts = ['.', ...(flags.vs ?? []).map((path) => resolve(path))];
const profileDir = flags.profile ? mkdtempSync(join(tmpdir(), 'search-soak-prof-')) : undefined;

/**
 * One checkout's soak: its server on a scratch Neo4j of its own, alone on the machine (several
 * Neo4j instances at once made the same code differ by half), warmed up, then measured.
 */
async function soakOf(checkout: string, round: number): Promise<Measured> {
  const profileFile =
    profileDir && checkout === '.' ? join(profileDir, `round-${round}.cpuprofile`) : undefined;
  let result: Measured | undefined;
  await withScratchNeo4j(async (_db, uri, password, neo4j) => {
    const server = await startServer(checkout, uri, password, 4270, profileFile);
    try {
      // Warm-up: both JITs (Neo4j's the longer), the page cache and the pool, off the record.
      const warm = await soak(autocannon, 4270, terms, warmup);
      console.error(`${checkout}: warm-up, requests/s per 10 s: ${perWindow(warm)}`);
      if (profileFile) server.child.kill('SIGUSR2');
      const pids = [neo4j.pid, server.child.pid];
      const before = pids.map(treeCpuMs);
      const measured = await soak(autocannon, 4270, terms, seconds);
      const [neo4jMs = 0, serverMs = 0] = pids.map((pid, i) => treeCpuMs(pid) - (before[i] ?? 0));
      console.error(`${checkout}: measured, requests/s per 10 s: ${perWindow(measured)}`);
      const { requests } = measured;
      result = { soak: measured, cpu: { neo4j: neo4jMs / requests, server: serverMs / requests } };
    } finally {
      const lines = await stop(server);
      if (profileFile) printProfile(profileFile, lines);
    }
  });
  return result as Measured;
}

const rows: string[] = [];
for (let round = 0; round < rounds; round++) {
  // Each round in another order, so that no checkout always comes first.
  for (const checkout of round % 2 ? [...checkouts].reverse() : checkouts) {
    const { soak, cpu } = await soakOf(checkout, round);
    rows.push(row(checkout === '.' ? 'this checkout' : checkout, soak, cpu));
    console.log(rows.at(-1));
  }
}
if (profileDir) rmSync(profileDir, { recursive: true, force: true });
console.log(
  `\n${connections} connections, ${seconds} s per run after ${warmup} s of warm-up, ${terms.length} distinct searches in turn\n`,
);
console.log(
  [
    '| server | requests/s | p50 ms | p95 ms | p99 ms | errors | Neo4j CPU ms a request | server CPU ms a request |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n'),
);
