// The report of bench/compare/run.ts: the method, the targets with their worst sure value, one table
// per scale, and the latency plot.
import { cpus, totalmem } from 'node:os';
import type { Operation } from '../suite.ts';
import { BUSY_CORES, type Summary, UNSURE_SPREAD } from './rounds.ts';
import type { Slicing } from './slices.ts';
import type { WarmUp } from './warm-up.ts';

export interface Latency {
  p50: number;
  p95: number;
  p99: number;
}
/** The ratios that targets read, each the median over rounds of the ratio measured in that round. */
export type RatioName =
  | 'ours/peer p50'
  | 'ours/raw HTTP p50'
  | 'cached/raw HTTP p50'
  | 'peer/ours rps c16'
  | 'peer/ours rps c64';
export interface Row {
  op: string;
  /** Percentiles over the samples of every round. */
  ours: Latency;
  cached: Latency;
  peer?: Latency;
  /** Raw Cypher through the driver: in full mode only, as no ratio reads it. */
  raw?: Latency;
  rawHttp: Latency;
  /** Requests per second, median over rounds; in quick mode only where the peer answers too. */
  oursRps16?: number;
  peerRps16?: number;
  oursRps64?: number;
  peerRps64?: number;
  /** Full mode only: no target reads them. */
  cachedRps16?: number;
  cachedRps64?: number;
  ratios: Partial<Record<RatioName, Summary>>;
  roundTrips: number;
}
export interface Scale {
  entities: number;
  relations: number;
  loadSeconds: number;
  rows: Row[];
  memory: { ours: number; peer: number };
  /** GET /export/jsonl of the whole graph from our server, p50 of three. */
  exportMs: number;
}
export interface Method {
  mode: 'quick' | 'full';
  rounds: number;
  seconds: { warmUp: number; latency: number; connections: number[] };
  throughput: Slicing;
  scaleWarmUp: WarmUp;
  /** Measurements a run may take again when others were busy. */
  retries: number;
  versions: Record<string, string>;
}

const percent = (share: number) => (Number.isFinite(share) ? `${Math.round(share * 100)}%` : '∞');

/** A ratio with its spread; an unsure one says so and is no result. */
export function formatRatio(summary: Summary | undefined): string {
  if (!summary) return '–';
  const text = `${summary.median.toFixed(2)} (${percent(summary.spread)})`;
  return summary.unsure ? `unsure: ${text}` : text;
}

/** Every ratio of a run by scale, operation and name: what `--repeat` compares. */
export function ratiosOf(results: Scale[]): Map<string, Summary> {
  return new Map(
    results.flatMap((scale) =>
      scale.rows.flatMap((row) =>
        Object.entries(row.ratios).map(
          ([name, summary]) =>
            [`${scale.relations.toLocaleString('en')} · ${row.op} · ${name}`, summary] as const,
        ),
      ),
    ),
  );
}

export function method(m: Method): string[] {
  return [
    `Run by \`npm run bench\` (${m.mode} mode) on ${new Date().toISOString().slice(0, 10)}: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}, Neo4j 5.26 (local launcher, 4 GB heap, 2 GB page cache), @neo4j/graphql ${m.versions['@neo4j/graphql']}.`,
    '',
    'Each scale is loaded into one Neo4j (emptied between scales), its index statistics resampled and its cached plans dropped (`db.prepareForReplanning`), so that every scale is planned on its own statistics.',
    `Then it waits until processes other than the benchmark's use at most ${BUSY_CORES} of a core (1 s probes, read from /proc; at most 2 minutes, logged): the lock other engineers' tests take is released before their type check and lint, which take none.`,
    `Then the scale is warmed up in passes: every operation on every system, request by request, ${m.scaleWarmUp.perOperationMs / 1000} s per operation, until the mean of the last 2 passes is within ${percent(m.scaleWarmUp.tolerance)} of the 2 before on each of the ratios cached/raw and ours/raw (geometric means over the operations; at least ${m.scaleWarmUp.least}, at most ${m.scaleWarmUp.most.first} passes at the first scale and ${m.scaleWarmUp.most.later} at the next), then ours and the peer under load for ${m.scaleWarmUp.loadSeconds} s each (the servers have just started, and at the first scale Neo4j too).`,
    `Each operation is then checked to give the same answer from every system, warmed up on each (${m.seconds.warmUp} s),`,
    `and measured in ${m.rounds} rounds that go over every operation: round 1 of each operation's latency, then of each one's throughput, then round 2, and so on, so that an operation's rounds span the whole scale and a state of a server or of the machine that lasts tens of seconds falls on every operation alike, not on one operation's rounds.`,
    'Latency: in each round the systems are sampled in turn, one request to each, the order rotated by one each pass,',
    `for ${m.seconds.latency} s per system; requests next to each other see the same machine, so a change of load moves every system alike.`,
    `Throughput, at concurrency ${m.seconds.connections.join(' and ')}, is sampled interleaved too: in each round a closed loop over keep-alive \`node:http\` (an agent per system, as many sockets as connections) keeps that many requests in flight against one system for a slice, then against the next, alternating, ${m.throughput.slices} slices per system, the first system rotated by one each round.`,
    `A slice counts completions for ${m.throughput.countMs} ms, or two ramps if longer, after its ramp (until every connection's first request has come back), over the time from the completion that ends the ramp to the last one counted; then it stops issuing and waits for the requests in flight, so slices never overlap.`,
    "A system's throughput in a round is its completions over its counted time, summed over its slices; an error or an answer outside 2xx fails the run.",
    "Each ratio is taken within a round (this round's p50 of ours over this round's p50 of the peer), and the table gives the median of the",
    `${m.rounds} per-round ratios with, in brackets, their interquartile range as a share of the median. A ratio whose spread is over ${percent(UNSURE_SPREAD)}`,
    'is marked "unsure": it is not a result, and the targets leave it out (and count it).',
    `A latency round or throughput round (every system's slices together) during which processes other than the benchmark's used more than ${BUSY_CORES} of a core (read from /proc) is taken again, at most ${m.retries} times per run, each time after waiting until they are quiet again (1 s probes, at most 30 s at once; the waits are left out of the run's time); the log counts them.`,
    'A pause on the machine costs one round, not the row. The absolute p50 / p95 / p99 are over the samples of all rounds; throughput is the median over rounds.',
    'In quick mode throughput is measured only where the peer answers too (a ratio reads it), at 16 connections only, and raw Cypher through the driver not at all.',
    '`npm run bench -- --repeat 2` runs the whole twice and fails when any ratio of the second run is more than 10% (max/min − 1) from the first.',
    'Raw Cypher is the floor, measured twice: through the driver in-process, one request at a time (no HTTP),',
    'and behind a bare node:http endpoint (`bench/raw-server.ts`), measured over HTTP exactly like the two APIs.',
    'Each floor returns the data our answer holds: for full-text search the same 100 candidates with what our ranking reads of them (the ranking itself is ours alone), for claims and sources every citation with its claims, for a path with citations every hop with the sources it cites.',
    'Ours runs twice, side by side: with the response cache off (every read computed) and on ("cached": the same read repeated, so after the warm-up each is a hit; the graph\'s version is read from Neo4j at most once a second, `RESPONSE_CACHE_VERSION_MS`).',
    'The difference between the two is what any HTTP API pays for transport and JSON.',
    'Latency is sampled per request with `performance.now()` over one keep-alive `node:http` connection per system (not `fetch`, whose own cost per request, 0.3–0.8 ms and falling as it warmed, was a moving share of a ~1 ms cached answer).',
    "Every server runs with `NODE_ENV=production`, as deployed, and with Node's default V8 flags: ours, the peer and the raw floor alike (our Dockerfile adds `--max-semi-space-size=64`; given to all four servers in a pair of quick runs on 2026-12-08, it did not improve our ratios: geometric means of ours/raw 1.33 → 1.38, cached/raw 0.41 → 0.43, ours/peer 0.708 → 0.711).",
    'Both servers share the machine with Neo4j and the load generator (2 cores), so absolute numbers are noisy; ratios measured side by side are the result.',
    '',
  ];
}

const rps = (value: number | undefined) => (value === undefined ? '–' : Math.round(value));

export function table(scale: Scale): string[] {
  return [
    `## ${scale.relations.toLocaleString('en')} relationships (${scale.entities.toLocaleString('en')} entities; loaded in ${scale.loadSeconds.toFixed(1)} s)`,
    '',
    `Server memory after the run (RSS): ours ${scale.memory.ours} MB, @neo4j/graphql ${scale.memory.peer} MB. The whole graph as jsonl (\`GET /export/jsonl\`): ${Math.round(scale.exportMs)} ms.`,
    '',
    'Columns "cached" are our server with its response cache on, asked the same read again and again (their throughput in full mode only). Ratios: median over rounds (interquartile range / median).',
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
          r.raw?.p50 ?? '–',
          formatRatio(r.ratios['ours/peer p50']),
          formatRatio(r.ratios['ours/raw HTTP p50']),
          formatRatio(r.ratios['cached/raw HTTP p50']),
          rps(r.oursRps16),
          rps(r.peerRps16),
          rps(r.oursRps64),
          rps(r.peerRps64),
          r.ratios['peer/ours rps c16']
            ? `${formatRatio(r.ratios['peer/ours rps c16'])}, ${formatRatio(r.ratios['peer/ours rps c64'])}`
            : '–',
          r.cachedRps16 === undefined ? '–' : `${rps(r.cachedRps16)}, ${rps(r.cachedRps64)}`,
        ].join(' | '),
      )
      .map((line) => `| ${line} |`),
    '',
  ];
}

interface Found {
  value: number;
  where: string;
  unsure: number;
  /** The spread (interquartile range / median over rounds) of the worst value. */
  spread?: number;
}

/** Each target of the benchmark with its worst sure value over all operations and scales. */
export function targets(results: Scale[], operations: Operation[]): string[] {
  const rows = results.flatMap((scale) => scale.rows.map((row) => ({ scale, row })));
  const worst = (name: RatioName): Found => {
    let found: Found = { value: 0, where: '–', unsure: 0 };
    for (const { scale, row } of rows) {
      const summary = row.ratios[name];
      if (!summary) continue;
      if (summary.unsure) found = { ...found, unsure: found.unsure + 1 };
      else if (summary.median > found.value)
        found = {
          ...found,
          value: summary.median,
          spread: summary.spread,
          where: `${row.op}, ${scale.relations.toLocaleString('en')}`,
        };
    }
    return found;
  };
  const first = results[0];
  const last = results.at(-1);
  const growth = (): Found | undefined => {
    if (!first || !last || first === last) return undefined;
    const at = (scale: Scale, op: Operation) => scale.rows.find((row) => row.op === op.name)?.ours.p50 ?? 0;
    return operations
      .filter((op) => op.boundedResult)
      .map((op) => ({ value: at(last, op) / Math.max(at(first, op), 0.01), where: op.name, unsure: 0 }))
      .reduce((a, b) => (b.value > a.value ? b : a), { value: 0, where: '–', unsure: 0 });
  };
  const line = (target: string, goal: string, found: Found | undefined) =>
    `| ${target} | ${goal} | ${found && found.where !== '–' ? found.value.toFixed(2) : '–'} | ${found?.spread === undefined ? '–' : percent(found.spread)} | ${found?.where ?? '–'} | ${found?.unsure ?? '–'} |`;
  return [
    '## Targets',
    '',
    'The worst sure value over every operation and scale measured in this run; unsure ratios (spread over',
    `${percent(UNSURE_SPREAD)}) are left out and counted. Growth compares p50 over all rounds.`,
    '',
    '| Target (issue 37) | Goal | Worst measured | Its spread | Where | Unsure, left out |',
    '|---|---|---|---|---|---|',
    line('ours/peer p50', '≤ 0.8', worst('ours/peer p50')),
    line('peer/ours throughput, c16', '≤ 0.8', worst('peer/ours rps c16')),
    line('peer/ours throughput, c64', '≤ 0.8', worst('peer/ours rps c64')),
    line('ours/raw p50, raw over HTTP', '≤ 1.3', worst('ours/raw HTTP p50')),
    line('cache on, repeated read: cached/raw p50 over HTTP', '≤ 0.5', worst('cached/raw HTTP p50')),
    line(`p50 at the largest over the smallest graph, bounded results`, '≤ 2.0', growth()),
    `| load time of the largest graph (s) | < 300 | ${last ? last.loadSeconds.toFixed(1) : '–'} | – | ${last ? `${last.relations.toLocaleString('en')} relationships` : '–'} | – |`,
    '',
  ];
}

/** Latency (p50) against graph size, one line per operation, log-scaled x. */
export function plot(results: Scale[], operations: Operation[]): string {
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
