// npm run bench:hardening -- <checkout> [<checkout> …]: the issue-11 measurements, for the server of
// each checkout (e.g. a worktree of the commit before, then `.`), side by side against one scratch
// Neo4j with the knowledge base: the most expensive queries (time, size), /health and a trivial
// query while 16 copies of the most expensive accepted one run, a 60 s soak (32 connections, a
// nested search), and the answer time with Neo4j frozen (SIGSTOP). Writes docs/reports/hardening.md.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { migrate } from '../../src/db/migrate.ts';
import { dataDir } from '../../src/facts/source-files.ts';
import { loadAllSources } from '../../src/loader/load-all.ts';
import { withScratchNeo4j } from '../scratch-neo4j.ts';

const soakSeconds = Number(process.env.SOAK_SECONDS ?? 60);
const checkouts = process.argv.slice(2).map((path) => resolve(path));
if (!checkouts.length) checkouts.push(resolve('.'));

const nested = (first: number) =>
  `relations(first: ${first}) { nodes { type node { id relations(first: ${first}) { nodes { type node { id name } } } } } }`;
const aliases = (count: number, field: string) =>
  `{ ${Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join(' ')} }`;
/** The query of the issue: 3.3 KB, 331 MB of answer before. */
const attack = aliases(
  15,
  `paths(from: "thailand", to: "itu", maxHops: 6, limit: 100) { length nodes { id ${nested(100)} } }`,
);
/** Near the most expensive shape still under the cost limit (about 45,000): 15 path searches. */
const accepted = aliases(
  15,
  'paths(from: "thailand", to: "itu", maxHops: 4, limit: 100) { length nodes { id name } edges { type } }',
);
const trivial = '{ entity(id: "thailand") { name } }';
const search =
  '{ search(query: "ASEAN digital", first: 20) { score entity { id name relations(first: 5) { nodes { type node { name } } } } } }';

interface Answer {
  ms: number;
  bytes: number;
  status: number;
  code?: string;
}

async function ask(base: string, query: string, timeoutMs = 120_000): Promise<Answer> {
  const started = performance.now();
  try {
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    const code = /"code":"([A-Z_]+)"/.exec(text.slice(0, 100_000))?.[1];
    return {
      ms: performance.now() - started,
      bytes: text.length,
      status: response.status,
      ...(code ? { code } : {}),
    };
  } catch (error) {
    return { ms: performance.now() - started, bytes: 0, status: 0, code: (error as Error).name };
  }
}

async function timed(url: string, timeoutMs = 120_000): Promise<Answer> {
  const started = performance.now();
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.arrayBuffer();
    return { ms: performance.now() - started, bytes: 0, status: response.status };
  } catch (error) {
    return { ms: performance.now() - started, bytes: 0, status: 0, code: (error as Error).name };
  }
}

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(p * values.length))] ?? Number.NaN;

function rssMb(pid: number | undefined): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
  } catch {
    return 0;
  }
}

/** Samples the server's RSS every 200 ms while `work` runs; returns the peak. */
async function peakRss<T>(
  pid: number | undefined,
  work: () => Promise<T>,
): Promise<{ result: T; peakMb: number }> {
  let peakMb = rssMb(pid);
  const timer = setInterval(() => {
    peakMb = Math.max(peakMb, rssMb(pid));
  }, 200);
  try {
    return { result: await work(), peakMb };
  } finally {
    clearInterval(timer);
  }
}

function startServer(checkout: string, uri: string, password: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(checkout, 'bench/our-server.ts')], {
    cwd: checkout,
    env: { ...process.env, PORT: String(port), NEO4J_URI: uri, NEO4J_PASSWORD: password },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolveStart, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      if (line.includes('OURS_READY')) resolveStart(child);
    });
    child.once('exit', (code) => reject(new Error(`${checkout}: the server exited with ${code}`)));
  });
}

async function underLoad(base: string, query: string) {
  const copies = Array.from({ length: 16 }, () => ask(base, query));
  let done = false;
  void Promise.all(copies).then(() => {
    done = true;
  });
  const health: number[] = [];
  const cheap: number[] = [];
  const until = Date.now() + 60_000;
  while (!done && Date.now() < until) {
    health.push((await timed(`${base}/health`)).ms);
    cheap.push((await ask(base, trivial)).ms);
  }
  const answers = await Promise.all(copies);
  return {
    healthP99: percentile(health, 0.99),
    trivialP99: percentile(cheap, 0.99),
    samples: health.length,
    copiesMs: Math.max(...answers.map((a) => a.ms)),
    codes: [...new Set(answers.map((a) => a.code ?? String(a.status)))].join(', '),
  };
}

async function soak(base: string) {
  const result = await autocannon({
    url: `${base}/graphql`,
    method: 'POST',
    connections: 32,
    duration: soakSeconds,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: search }),
  });
  return {
    rps: result.requests.average,
    p99: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

async function frozen(base: string, neo4jPid: number | undefined) {
  if (!neo4jPid) return { queryMs: Number.NaN, readyMs: Number.NaN, queryCode: 'no pid', readyStatus: 0 };
  process.kill(neo4jPid, 'SIGSTOP');
  try {
    const [query, ready] = await Promise.all([ask(base, trivial, 60_000), timed(`${base}/ready`, 60_000)]);
    return {
      queryMs: query.ms,
      queryCode: query.code ?? String(query.status),
      readyMs: ready.ms,
      readyStatus: ready.status,
    };
  } finally {
    process.kill(neo4jPid, 'SIGCONT');
  }
}

const rows: string[] = [];
await withScratchNeo4j(async (db, uri, password, neo4j) => {
  await migrate(db);
  await loadAllSources(db, dataDir);
  for (const [index, checkout] of checkouts.entries()) {
    const port = 4250 + index;
    const base = `http://127.0.0.1:${port}`;
    const server = await startServer(checkout, uri, password, port);
    try {
      await ask(base, trivial);
      const expensive = [];
      for (const [name, query] of [
        ['issue query', attack],
        ['largest accepted', accepted],
      ] as const) {
        const { result, peakMb } = await peakRss(server.pid, () => ask(base, query, 180_000));
        expensive.push({ name, ...result, peakMb });
      }
      const heaviest =
        expensive.find((e) => e.status === 200 && !e.code)?.name === 'issue query' ? attack : accepted;
      const load = await underLoad(base, heaviest);
      const { result: soaked, peakMb: soakRss } = await peakRss(server.pid, () => soak(base));
      const freeze = await frozen(base, neo4j.pid);
      await new Promise((resolveWait) => setTimeout(resolveWait, 3_000));
      const label = checkout === resolve('.') ? 'this checkout' : checkout;
      rows.push(
        `### ${label}`,
        '',
        '| measurement | value |',
        '| --- | --- |',
        ...expensive.map(
          (e) =>
            `| ${e.name} | ${e.code ?? e.status}, ${(e.ms / 1000).toFixed(2)} s, ${(e.bytes / 1e6).toFixed(2)} MB, server RSS peak ${e.peakMb} MB |`,
        ),
        `| 16 copies of the ${heaviest === attack ? 'issue query' : 'largest accepted'} | slowest ${(load.copiesMs / 1000).toFixed(1)} s (${load.codes}); meanwhile /health p99 ${load.healthP99.toFixed(1)} ms, trivial query p99 ${load.trivialP99.toFixed(1)} ms (${load.samples} samples) |`,
        `| soak: ${soakSeconds} s, 32 connections, nested search | ${soaked.rps.toFixed(0)} requests/s, p99 ${soaked.p99} ms, ${soaked.errors} errors, ${soaked.non2xx} non-2xx, server RSS peak ${soakRss} MB |`,
        `| Neo4j frozen (SIGSTOP) | query: ${freeze.queryCode} after ${(freeze.queryMs / 1000).toFixed(2)} s; /ready: ${freeze.readyStatus} after ${(freeze.readyMs / 1000).toFixed(2)} s |`,
        '',
      );
      console.log(rows.slice(-11).join('\n'));
    } finally {
      server.kill('SIGTERM');
      await new Promise((resolveExit) => server.once('exit', resolveExit));
    }
  }
});

writeFileSync(
  'docs/reports/hardening.md',
  [
    '# Hardening measurements',
    '',
    `Written by \`npm run bench:hardening\` on ${new Date().toISOString().slice(0, 10)}: each checkout's server, one after another, against one scratch Neo4j with the knowledge base, on this 2-core machine. The issue query is 15 aliases of \`paths(maxHops: 6, limit: 100)\` with two nested \`relations(first: 100)\`; the largest accepted is 15 aliases of \`paths(maxHops: 4, limit: 100)\` with each hop's names and types (estimated cost 45,015 of 50,000).`,
    '',
    ...rows,
  ].join('\n'),
);
