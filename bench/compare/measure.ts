// One operation of bench/compare/run.ts on every system: checked, warmed up, then measured one round
// at a time. run.ts takes round 1 of every operation (latency of each, then throughput of each; the
// first latency of a round follows the last round's load, so each round starts with another
// operation), then round 2, and so on, so that each operation's
// rounds are spread over the whole scale: measured in one block of ~4 s, a
// state of a server or of the machine that lasts tens of seconds fell on one operation's rounds
// alike (spread 0–4%) and set it 10–18% apart from the next run (run I of 2026-12-07).
import { isDeepStrictEqual } from 'node:util';
import type { Database } from '../../src/db/database.ts';
import type { Operation } from '../suite.ts';
import type { Latency, Row } from './report.ts';
import { BUSY_CORES, interleaved, quietly, type RetryBudget, ratioOver, summarise } from './rounds.ts';
import { percentile, percentiles, request } from './sample.ts';
import { alternating, type Counted, loadOf, perSecond, type Send, type Slicing } from './slices.ts';
import type { Endpoints } from './warm-up.ts';

export interface Settings {
  mode: 'quick' | 'full';
  /** Seconds of warm-up per system and of latency per system and round; the concurrencies of throughput. */
  seconds: { warmUp: number; latency: number; connections: number[] };
  /** How each round's throughput is cut into slices that alternate between the systems (slices.ts). */
  throughput: Slicing;
  at: Endpoints;
}

/** How a measurement is taken again while others are busy (rounds.ts `quietly`). */
export interface Quiet {
  meter: () => () => number;
  budget: RetryBudget;
  calm: () => Promise<void>;
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

/** Checks that the three systems give the same answer before anything is timed. */
async function checkEqual(
  db: Database,
  op: Operation,
  variables: Record<string, unknown>,
  at: Endpoints,
): Promise<number> {
  const ours = await post(at.ours, op.ours, variables);
  const expected = op.fromCypher(await db.read({ name: `bench.${op.name}`, cypher: op.cypher }, variables));
  const got = op.fromOurs(ours.data ?? {});
  if (!isDeepStrictEqual(got, expected))
    throw new Error(`${op.name}: ours ${JSON.stringify(got)} ≠ Cypher ${JSON.stringify(expected)}`);
  const rawHttp = (await (
    await fetch(at.raw, { method: 'POST', body: JSON.stringify({ op: op.name, variables }) })
  ).json()) as { rows: Array<Record<string, unknown>> };
  if (!isDeepStrictEqual(op.fromCypher(rawHttp.rows), expected))
    throw new Error(`${op.name}: the raw endpoint disagrees with the driver`);
  if (op.peer && op.fromPeer) {
    const peer = op.fromPeer((await post(at.peer, op.peer, variables)).data ?? {});
    if (!isDeepStrictEqual(peer, expected))
      throw new Error(`${op.name}: peer ${JSON.stringify(peer)} ≠ Cypher ${JSON.stringify(expected)}`);
  }
  return ours.extensions?.roundTrips ?? 0;
}

/** One operation's systems and what its rounds have measured so far. */
export interface Measured {
  op: Operation;
  roundTrips: number;
  /** One request to each system, by name: latency is sampled through these. */
  requests: Map<string, () => Promise<unknown>>;
  /** Per concurrency, the systems whose throughput is measured together: only where a ratio reads them. */
  loads: Map<number, Map<string, Send>>;
  latencyRounds: Array<Map<string, number[]>>;
  /** Requests per second per round, by name (`oursRps16`…). */
  rps: Map<string, number[]>;
  /** Throughput's slices, ramps and drains summed over every round, for the log. */
  slicing: Omit<Counted, 'completions' | 'countedMs'>;
}

/** Checks the operation's answers and warms it up on every system; nothing is measured yet. */
export async function prepare(
  db: Database,
  op: Operation,
  variables: Record<string, unknown>,
  s: Settings,
): Promise<Measured> {
  const roundTrips = await checkEqual(db, op, variables, s.at);
  const ourBody = { query: op.ours, variables };
  const peerBody = op.peer ? { query: op.peer, variables } : undefined;
  const rawBody = { op: op.name, variables };
  const requests = new Map<string, () => Promise<unknown>>([
    ['ours', () => request(s.at.ours, ourBody)],
    ['cached', () => request(s.at.cached, ourBody)],
    ['rawHttp', () => request(s.at.raw, rawBody)],
  ]);
  if (peerBody) requests.set('peer', () => request(s.at.peer, peerBody));
  if (s.mode === 'full')
    requests.set('raw', () => db.read({ name: `bench.${op.name}`, cypher: op.cypher }, variables));
  await interleaved(requests, s.seconds.warmUp * 1000 * requests.size);
  const loads = new Map<number, Map<string, Send>>();
  // Quick mode measures throughput only where a ratio reads it: ours beside the peer.
  if (peerBody || s.mode === 'full')
    for (const connections of s.seconds.connections) {
      const load = new Map([['ours', loadOf(s.at.ours, ourBody, connections)]]);
      if (peerBody) load.set('peer', loadOf(s.at.peer, peerBody, connections));
      if (s.mode === 'full') load.set('cached', loadOf(s.at.cached, ourBody, connections));
      loads.set(connections, load);
    }
  const slicing = { rampMs: 0, drainMs: 0, slices: 0 };
  return { op, roundTrips, requests, loads, latencyRounds: [], rps: new Map(), slicing };
}

/** One round of an operation's latency: every system sampled in turn, request by request (`interleaved`). */
export async function latencyRound(m: Measured, s: Settings, quiet: Quiet): Promise<void> {
  const latency = () => interleaved(m.requests, s.seconds.latency * 1000 * m.requests.size);
  m.latencyRounds.push(await quietly(latency, quiet.meter, quiet.budget, BUSY_CORES, quiet.calm));
}

/**
 * One round of an operation's throughput at each concurrency: the systems in alternating slices, the
 * first rotated by `round` (slices.ts). Taken again while others were busy, it is taken again for
 * every system together: a system retried alone would be measured on a quieter machine than its partner.
 */
export async function throughputRound(m: Measured, round: number, s: Settings, quiet: Quiet): Promise<void> {
  for (const [connections, load] of m.loads) {
    const run = () => alternating(load, connections, s.throughput, round);
    const counted = await quietly(run, quiet.meter, quiet.budget, BUSY_CORES, quiet.calm);
    for (const [name, c] of counted) {
      m.rps.set(`${name}Rps${connections}`, [...(m.rps.get(`${name}Rps${connections}`) ?? []), perSecond(c)]);
      m.slicing.rampMs += c.rampMs;
      m.slicing.drainMs += c.drainMs;
      m.slicing.slices += c.slices;
    }
  }
}

/** The row of an operation once every round is in: percentiles, medians and per-round ratios. */
export function rowOf(m: Measured): Row {
  const samplesOf = (name: string) =>
    m.requests.has(name) ? m.latencyRounds.map((round) => round.get(name) ?? []) : undefined;
  const latencyOf = (name: string) => {
    const samples = samplesOf(name)?.flat();
    return samples && percentiles(samples);
  };
  const median = (name: string) => {
    // A round whose slices counted nothing (NaN) has no rate: left out, not sorted into the median.
    const values = m.rps.get(name)?.filter(Number.isFinite);
    return values?.length ? summarise(values).median : undefined;
  };
  const p50s = (name: string) => samplesOf(name)?.map((samples) => percentile(samples, 0.5));
  const latencyRatio = (a: string, b: string) => {
    const [numerators, denominators] = [p50s(a), p50s(b)];
    return numerators && denominators ? ratioOver(numerators, denominators) : undefined;
  };
  const rpsRatio = (a: string, b: string) => {
    const [numerators, denominators] = [m.rps.get(a), m.rps.get(b)];
    return numerators && denominators ? ratioOver(numerators, denominators) : undefined;
  };
  const ratios = {
    'ours/peer p50': latencyRatio('ours', 'peer'),
    'ours/raw HTTP p50': latencyRatio('ours', 'rawHttp'),
    'cached/raw HTTP p50': latencyRatio('cached', 'rawHttp'),
    'peer/ours rps c16': rpsRatio('peerRps16', 'oursRps16'),
    'peer/ours rps c64': rpsRatio('peerRps64', 'oursRps64'),
  };
  return {
    op: m.op.name,
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
    roundTrips: m.roundTrips,
  };
}
