// Throughput of several systems sampled together, as latency is (rounds.ts `interleaved`): a closed
// loop keeps `connections` requests in flight against one system for a short slice, then against the
// next, alternating, for the whole round. Measured one system after the other (autocannon, 0.45 s
// each), a pause of a server or of Neo4j fell in one system's window and not in its partner's, and
// per-round ratios of one row ranged 0.4–1.3 (runs J and K of 2026-12-07); slices of ~0.15 s put a
// pause on both systems' neighbouring slices instead.
import { Agent } from 'node:http';
import { rotation } from './rounds.ts';
import { type Body, send } from './sample.ts';

/** One request to a system, resolved when its answer has been read in full (rejected on an error or non-2xx). */
export type Send = () => Promise<unknown>;

/** How a round's throughput is cut into slices. */
export interface Slicing {
  /** Milliseconds each slice counts completions for, after its ramp. */
  countMs: number;
  /** Slices per system and round. */
  slices: number;
}

/** What one system's slices counted, summed over a round. */
export interface Counted {
  completions: number;
  /** Milliseconds between each slice's opening completion and its last counted one, summed. */
  countedMs: number;
  /** Milliseconds spent in ramps (until counting opened) and drains (after issuing stopped), summed: for the log. */
  rampMs: number;
  drainMs: number;
  slices: number;
}

const agents = new Map<string, Agent>();

/**
 * A system's load at `connections` concurrent requests: an Agent of its own per system and
 * concurrency, keep-alive, `maxSockets` = connections, so its sockets stay open from slice to slice
 * and a slice starts with every connection ready (autocannon opened them anew for each run).
 */
export function loadOf(url: string, body: Body, connections: number): Send {
  const key = `${url} ${connections}`;
  const agent = agents.get(key) ?? new Agent({ keepAlive: true, maxSockets: connections });
  agents.set(key, agent);
  const payload = JSON.stringify(body);
  return () => send(url, payload, agent);
}

/** Closes the idle sockets of every load (the servers of a scale are about to stop). */
export function closeLoads(): void {
  for (const agent of agents.values()) agent.destroy();
  agents.clear();
}

/**
 * One slice: `connections` workers each send a request, then the next as soon as one returns. The
 * ramp lasts until every connection's first request has come back (about one request time under
 * load, 10–50 ms at 16 connections here), so the first request of each connection, sent to a system
 * that had been idle during its partner's slice, is never counted. Counting then opens at that
 * completion and, `countMs` or two ramps later, whichever is longer, issuing stops (at 1M the peer
 * takes over a second a request at 64 connections: a fixed 250 ms would often count nothing).
 * Counted time runs from the opening completion to the last completion before the stop, so a whole
 * number of request cycles is counted even when the connections answer in step (a window of fixed
 * length over bursts of 16 would count 16 × a rounded number of bursts). The slice ends when the
 * requests still in flight (the drain) are back: slices never overlap.
 */
async function slice(work: Send, connections: number, countMs: number, clock: () => number) {
  const started = clock();
  let rampDone = 0;
  let opensAt = Number.NaN;
  let stopsAt = Number.POSITIVE_INFINITY;
  let lastAt = Number.NaN;
  let completions = 0;
  let failed = false;
  const worker = async () => {
    let first = true;
    while (!failed && clock() < stopsAt) {
      // A failed request fails the run; the other connections stop issuing rather than loop on.
      await work().catch((error: unknown) => {
        failed = true;
        throw error;
      });
      const now = clock();
      if (Number.isNaN(opensAt)) {
        // Counted once per connection: a quick connection's second answer does not end the ramp.
        if (first && ++rampDone === connections)
          [opensAt, stopsAt] = [now, now + Math.max(countMs, 2 * (now - started))];
        first = false;
      } else if (now < stopsAt) {
        completions++;
        lastAt = now;
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  const ended = clock();
  return {
    completions,
    countedMs: completions > 0 ? lastAt - opensAt : 0,
    rampMs: opensAt - started,
    drainMs: Math.max(0, ended - stopsAt),
  };
}

/**
 * A round of throughput: `slicing.slices` slices per system, the systems alternating in the order of
 * `work` rotated by `round` (ours, peer, ours, peer… then peer, ours… the next round). Returns what
 * each system's slices counted; its throughput is `perSecond` of that.
 */
export async function alternating(
  work: ReadonlyMap<string, Send>,
  connections: number,
  slicing: Slicing,
  round: number,
  clock: () => number = () => performance.now(),
): Promise<Map<string, Counted>> {
  const names = rotation([...work.keys()], round);
  const counted = new Map<string, Counted>(
    names.map((name) => [name, { completions: 0, countedMs: 0, rampMs: 0, drainMs: 0, slices: 0 }]),
  );
  for (let i = 0; i < slicing.slices * names.length; i++) {
    const name = names[i % names.length] as string;
    const one = await slice(work.get(name) as Send, connections, slicing.countMs, clock);
    const sum = counted.get(name) as Counted;
    sum.completions += one.completions;
    sum.countedMs += one.countedMs;
    sum.rampMs += one.rampMs;
    sum.drainMs += one.drainMs;
    sum.slices++;
  }
  return counted;
}

/** Requests per second over a round's counted time; NaN when nothing was counted (ratioOver marks it unsure). */
export const perSecond = (c: Counted): number =>
  c.countedMs > 0 ? (c.completions / c.countedMs) * 1000 : Number.NaN;
