// npm run bench:request-profile: where our server spends a request at the knowledge base's size.
// Loads data/ into a scratch Neo4j, starts bench/our-server.ts under the Node profiler (--cpu-prof),
// sends REQUESTS sequential "entity by id" reads over keep-alive HTTP (after a warm-up), and writes
// their p50, the server's CPU per request (from /proc) and the CPU profile's self time by package
// and by function to the second part of docs/reports/profiles.md.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { migrate } from '../src/db/migrate.ts';
import { dataDir } from '../src/facts/source-files.ts';
import { loadAllSources } from '../src/loader/load-all.ts';
import { selfTime } from './cpu-profile.ts';
import { treeCpuMs } from './proc-cpu.ts';
import { writeRequestProfile } from './profiles-doc.ts';
import { withScratchNeo4j } from './scratch-neo4j.ts';

const requests = Number(process.env.REQUESTS ?? 4000);
const body = JSON.stringify({
  query: '{ entity(id: "thailand") { id name nameTh ... on Country { iso2 } } }',
});

async function p50(url: string, count: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    await response.arrayBuffer();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(count / 2)] as number;
}

await withScratchNeo4j(async (db, uri, password) => {
  await migrate(db);
  await loadAllSources(db, dataDir);
  const dir = mkdtempSync(join(tmpdir(), 'request-profile-'));
  const server = spawn(
    process.execPath,
    ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--import', 'tsx', 'bench/our-server.ts'],
    {
      env: { ...process.env, PORT: '4260', NEO4J_URI: uri, NEO4J_PASSWORD: password },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((resolve) =>
    createInterface({ input: server.stdout }).on('line', (line) => line.includes('OURS_READY') && resolve()),
  );
  const url = 'http://127.0.0.1:4260/graphql';
  await p50(url, 500);
  const cpuBefore = treeCpuMs(server.pid);
  const median = await p50(url, requests);
  const cpuPerRequest = ((treeCpuMs(server.pid) - cpuBefore) * 1000) / requests;
  await new Promise((resolve) => {
    server.once('exit', resolve);
    server.kill('SIGTERM');
  });
  // The main thread's profile is the largest (the others are tsx's loader threads).
  const [main] = readdirSync(dir)
    .map((name) => join(dir, name))
    .sort((a, b) => readFileSync(b).length - readFileSync(a).length);
  const { totalMs, packages, functions } = selfTime(main as string);
  rmSync(dir, { recursive: true, force: true });
  const report = `## Part two: where a request goes

Written by \`npm run bench:request-profile\` on ${new Date().toISOString().slice(0, 10)}: our server (\`bench/our-server.ts\`, response cache off) over a scratch Neo4j holding \`data/\`, under \`node --cpu-prof\`; ${requests} sequential "entity by id" reads over keep-alive HTTP after 500 of warm-up.

p50: **${median.toFixed(2)} ms**; the server's CPU: **${Math.round(cpuPerRequest)} µs a request** (profiler included). Profile: ${Math.round(totalMs)} ms of the server's main thread (start-up included); "(idle)" is time spent waiting, mostly for Neo4j.

### Before and after

Measured by hand on 2026-12-04, each pair in one sitting on this 2-core machine. "CPU" is the
server process's CPU per request (user and system, \`process.cpuUsage\`) under autocannon at
concurrency 16 against the local Neo4j holding \`data/\`; "in memory" means the database's answer
was replayed from memory, so only our own code counts.

| Change | Measured | Before | After |
|---|---|---|---|
| Reads as one auto-commit query, not a managed transaction (BEGIN, RUN, COMMIT) | p50 of 3,000 sequential reads | 2.50, 2.41 ms | 1.89, 1.89 ms |
| Yoga no longer counts the body a second time through a stream (the listener counts it) | CPU, entity by id, in memory | 434 µs | 242 µs |
| \`/ready\` matched by path, not a URLPattern on every request; stores made on first use | the same | 242 µs | 231 µs |
| Reads without the driver's caller stack (formatted through source maps under tsx) | CPU, entity by id | 681 µs (raw endpoint 271) | 543 µs (raw endpoint 194) |
| A neighbourhood level as one row, the start entity once | CPU, neighbourhood of a meeting, two alternating runs | 1,034, 1,132 µs | 910, 935 µs |
| Ranking without a closure per field or a substring per typo check | in-process CPU of a broad search ("ASEAN digital") | 1.78 ms | 1.54 ms |
| Sources, citations and claims planned into the entity's query | round trips, claims and sources of an entity | 4 | 1 |
| A path's cited sources in the path's query | round trips, path with citations | 2 | 1 |

Measured by hand on 2026-12-06 against a scratch Neo4j holding the benchmark's corpus at 7,100
entities (9,999 relationships), autocannon at concurrency 16; CPU per request of our server and
of Neo4j, from /proc. "Side by side" is two servers, before and after, alternating in one sitting;
the rest are successive sittings, so read them as a direction, not to the microsecond.

| Change | Measured | Before | After |
|---|---|---|---|
| Rows converted in one walk: strings and numbers return at the first test (each value was tested for seven Neo4j types), and the row budget is counted in the same walk | server CPU, three levels | 2,143 µs | 1,723 µs |
| Records come from Cypher as lists (\`[id, type, props]\`), not maps: the driver unpacks a map key by key with \`defineProperty\`, 23% of the three levels' CPU | the driver's CPU for the three-levels query in-process, alternating | 1,041-1,249 µs | 775-786 µs |
| The same | server CPU, three levels | 1,723 µs | 1,499-1,660 µs |
| Neo4j's notifications off (\`notificationFilter\`): every query naming an ontology type not yet in the graph came back with a warning per type, 38 on a shortest path | server CPU, shortest path, side by side | 1,747 µs | 800 µs |
| The same | Neo4j's CPU, shortest path, side by side | 936-1,180 µs | 563-599 µs |
| The benchmark's servers run with \`NODE_ENV=production\`, as the Dockerfile does: graphql-js's development \`instanceOf\` was 2.9% of the three levels' CPU | server CPU, three levels | 1,499-1,660 µs | 1,318-1,403 µs |

Tried and left out, no difference beyond the noise: a list page as one row (713 µs, against 733),
search's candidates as one row (933 and 903 µs, against 958 and 915), an esbuild bundle instead
of tsx (545 µs, against 586), and converting rows in place instead of copying them (1,306 µs,
against 1,318, side by side). graphql-jit (@envelop/graphql-jit) was left out for safety: it
compiles a query before the cost check can refuse it, and compiling the tests' most expensive
query took 16.7 s, a request that would hold the process that long.

What is left is spread thin: Yoga and \`@whatwg-node\` request handling, GraphQL execution, the cost
plugin, the driver's packing and unpacking, each a few per cent. \`writeBuffer\` and \`writev\` are the
socket writes of the query to Neo4j and of the answer to the client: over loopback on this machine
the kernel's delivery is charged to the writer. The raw Cypher endpoint pays both too.

### This run

| Self time by package | share |
|---|---|
${packages.join('\n')}

| Self time by function | share |
|---|---|
${functions.join('\n')}
`;
  writeRequestProfile(report);
  console.log(report);
});
