// The warm-up of a scale in bench/compare/run.ts: every operation on every system, pass after pass,
// until the ratios the benchmark reports stop moving. The servers have just started and, at the
// first scale, so has Neo4j: a fixed warm-up left the first scale of a run measured while their JITs
// were still compiling, and two runs disagreed there by 11–15% as a whole (cached/raw at 993).
import type { Database } from '../../src/db/database.ts';
import type { Ids, Operation } from '../suite.ts';
import { interleaved, untilSettled } from './rounds.ts';
import { percentile, request } from './sample.ts';
import { alternating, loadOf } from './slices.ts';

export interface Endpoints {
  ours: string;
  cached: string;
  peer: string;
  raw: string;
}

export interface WarmUp {
  /** Milliseconds per operation in each pass. */
  perOperationMs: number;
  /**
   * Passes at least, and at most at the first scale and at the later ones; settled: the last 2 average
   * within `tolerance` of the 2 before. The first scale warms Neo4j up too.
   */
  least: number;
  most: { first: number; later: number };
  tolerance: number;
  /** Raw Cypher through the driver too (full mode measures it). */
  driver: boolean;
  /** Seconds of load on ours and on the peer at the end (alternating slices), and its concurrency. */
  loadSeconds: number;
  connections: number;
}

const geometricMean = (values: readonly number[]) =>
  values.length === 0 ? 1 : Math.exp(values.reduce((sum, v) => sum + Math.log(v), 0) / values.length);

/**
 * One pass: every operation, all systems in turn request by request. Returns the geometric means
 * over operations of the per-operation p50 ratios cached/raw HTTP and ours/raw HTTP: they climb
 * while Neo4j's JIT warms (the raw floor gets faster). ours/peer has no trend to wait for and moves
 * ±8% from pass to pass (run G, 10k), which kept the warm-up going to its limit.
 */
async function pass(db: Database, ids: Ids, ops: readonly Operation[], at: Endpoints, w: WarmUp) {
  const ratios: [number[], number[]] = [[], []];
  for (const op of ops) {
    const variables = op.variables(ids);
    const requests = new Map<string, () => Promise<unknown>>([
      ['ours', () => request(at.ours, { query: op.ours, variables })],
      ['cached', () => request(at.cached, { query: op.ours, variables })],
      ['rawHttp', () => request(at.raw, { op: op.name, variables })],
    ]);
    if (w.driver)
      requests.set('raw', () => db.read({ name: `bench.${op.name}`, cypher: op.cypher }, variables));
    if (op.peer) requests.set('peer', () => request(at.peer, { query: op.peer, variables }));
    const samples = await interleaved(requests, w.perOperationMs);
    const p50 = (name: string) => percentile(samples.get(name) ?? [], 0.5) || Number.NaN;
    ratios[0].push(p50('cached') / p50('rawHttp'));
    ratios[1].push(p50('ours') / p50('rawHttp'));
  }
  return ratios.map((r) => geometricMean(r.filter(Number.isFinite)));
}

/**
 * Warms a scale up until its ratios settle (or the most passes of the first or a later scale), then
 * puts ours and the peer under load, so that the driver's connection pools have grown to the
 * concurrency before the first throughput slice. Returns each pass's statistics, for the log.
 */
export async function warmUpScale(
  db: Database,
  ids: Ids,
  ops: readonly Operation[],
  at: Endpoints,
  w: WarmUp,
  first: boolean,
): Promise<number[][]> {
  const passes = await untilSettled(() => pass(db, ids, ops, at, w), {
    least: w.least,
    most: first ? w.most.first : w.most.later,
    tolerance: w.tolerance,
  });
  const loaded = ops.find((op) => op.peer);
  if (loaded?.peer) {
    const variables = loaded.variables(ids);
    const load = new Map([
      ['ours', loadOf(at.ours, { query: loaded.ours, variables }, w.connections)],
      ['peer', loadOf(at.peer, { query: loaded.peer, variables }, w.connections)],
    ]);
    await alternating(load, w.connections, { countMs: (w.loadSeconds * 1000) / 4, slices: 4 }, 0);
  }
  return passes;
}
