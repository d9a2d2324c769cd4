import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Measured, type Settings, throughputRound } from '../../bench/compare/measure.ts';
import {
  alternating,
  type Counted,
  closeLoads,
  loadOf,
  perSecond,
  type Send,
} from '../../bench/compare/slices.ts';

/** Requests per second of one system of a round. */
const rateOf = (counted: ReadonlyMap<string, Counted>, name: string) => {
  const one = counted.get(name);
  if (!one) throw new Error(`${name} was not measured`);
  return perSecond(one);
};

/** A request log entry: which system, when it was sent and when it came back. */
type Call = { name: string; sent: number; back: number };

/** Work that takes `ms` on the (fake) clock and logs itself. */
const system =
  (name: string, ms: number, calls: Call[]): Send =>
  () => {
    const sent = Date.now();
    return new Promise<void>((resolve) =>
      setTimeout(() => {
        calls.push({ name, sent, back: Date.now() });
        resolve();
      }, ms),
    );
  };

/** The systems in the order their slices ran: consecutive calls to one system are one slice. */
const sliceOrder = (calls: readonly Call[]) =>
  [...calls]
    .sort((a, b) => a.sent - b.sent)
    .reduce<Call[][]>((slices, call) => {
      const last = slices.at(-1);
      if (last?.[0]?.name === call.name) last.push(call);
      else slices.push([call]);
      return slices;
    }, []);

describe('throughput in alternating slices', () => {
  afterEach(() => vi.useRealTimers());

  it('counts each slice after its ramp, over its own window, and never overlaps slices', async () => {
    vi.useFakeTimers();
    const calls: Call[] = [];
    const work = new Map([
      ['fast', system('fast', 10, calls)],
      ['slow', system('slow', 20, calls)],
    ]);
    const started = Date.now();
    const running = alternating(work, 2, { countMs: 30, slices: 2 }, 0, () => Date.now() - started);
    await vi.advanceTimersByTimeAsync(1000);
    const counted = await running;
    // fast, one slice: both first requests back at 10 ms (the ramp; counting opens at the second),
    // then 2 back at 20 and 2 at 30, counted; those back at 40 = 10 + 30 are past the window.
    expect(counted.get('fast')).toEqual({ completions: 8, countedMs: 40, rampMs: 20, drainMs: 0, slices: 2 });
    // slow: ramp to 20 ms, so its window is two ramps (40 ms), not 30: 2 back at 40 counted, the 2
    // back at 60 close it.
    expect(counted.get('slow')).toEqual({
      completions: 4,
      countedMs: 40,
      rampMs: 40,
      drainMs: 0,
      slices: 2,
    });
    const [fast, slow] = [rateOf(counted, 'fast'), rateOf(counted, 'slow')];
    expect(fast).toBe(200);
    expect(slow / fast).toBe(0.5);
    const slices = sliceOrder(calls);
    expect(slices.map((slice) => slice[0]?.name)).toEqual(['fast', 'slow', 'fast', 'slow']);
    // Each slice starts after every request of the one before has come back.
    for (let i = 1; i < slices.length; i++) {
      const lastBack = Math.max(...(slices[i - 1] ?? []).map((call) => call.back));
      expect(Math.min(...(slices[i] ?? []).map((call) => call.sent))).toBeGreaterThanOrEqual(lastBack);
    }
  });

  it('rotates the first system by the round', async () => {
    vi.useFakeTimers();
    const calls: Call[] = [];
    const work = new Map([
      ['a', system('a', 5, calls)],
      ['b', system('b', 5, calls)],
      ['c', system('c', 5, calls)],
    ]);
    const running = alternating(work, 3, { countMs: 10, slices: 2 }, 1, () => Date.now());
    await vi.advanceTimersByTimeAsync(1000);
    await running;
    expect(sliceOrder(calls).map((slice) => slice[0]?.name)).toEqual(['b', 'c', 'a', 'b', 'c', 'a']);
  });

  it('fails when one request fails, and stops the other connections', async () => {
    vi.useFakeTimers();
    let sent = 0;
    // The third request fails; the others would go on answering for ever.
    const flaky: Send = () => {
      const n = ++sent;
      return new Promise((resolve, reject) =>
        setTimeout(() => (n === 3 ? reject(new Error('HTTP 502')) : resolve(undefined)), 10),
      );
    };
    const running = alternating(new Map([['flaky', flaky]]), 4, { countMs: 100, slices: 1 }, 0, () =>
      Date.now(),
    );
    const failed = expect(running).rejects.toThrow('HTTP 502');
    await vi.advanceTimersByTimeAsync(1000);
    await failed;
    // The first four went out together; after the failure at 10 ms no connection sent another.
    expect(sent).toBeLessThanOrEqual(7);
  });

  it('counts a slow system over at least two of its request times, not a window it cannot answer in', async () => {
    vi.useFakeTimers();
    const work = new Map([['slow', system('slow', 50, [])]]);
    const running = alternating(work, 2, { countMs: 20, slices: 1 }, 0, () => Date.now());
    await vi.advanceTimersByTimeAsync(1000);
    const counted = await running;
    // The ramp ends at 50 ms; a window of 20 ms would hold no answer, two ramps (100 ms) hold one
    // per connection, back at 100 (those back at 150 close it).
    expect(counted.get('slow')).toMatchObject({ completions: 2, countedMs: 50, rampMs: 50 });
    expect(rateOf(counted, 'slow')).toBe(40);
  });

  it('has no rate for a round that counted nothing', () => {
    expect(perSecond({ completions: 0, countedMs: 0, rampMs: 0, drainMs: 0, slices: 4 })).toBeNaN();
  });
});

describe('a throughput round taken again while others were busy', () => {
  afterEach(() => vi.useRealTimers());

  it('takes every system again together and keeps one value per system', async () => {
    vi.useFakeTimers();
    const calls: Call[] = [];
    const m = {
      loads: new Map([
        [
          2,
          new Map([
            ['ours', system('ours', 5, calls)],
            ['peer', system('peer', 10, calls)],
          ]),
        ],
      ]),
      rps: new Map(),
      slicing: { rampMs: 0, drainMs: 0, slices: 0 },
    } as unknown as Measured;
    const settings = { throughput: { countMs: 20, slices: 1 } } as Settings;
    // Others were busy during the first try only.
    const busy = [0.9, 0];
    const quiet = {
      meter: () => () => busy.shift() ?? 0,
      budget: { left: 3, retried: 0, keptBusy: 0 },
      calm: async () => {},
    };
    const running = throughputRound(m, 0, settings, quiet);
    await vi.advanceTimersByTimeAsync(1000);
    await running;
    expect(quiet.budget.retried).toBe(1);
    expect(sliceOrder(calls).map((slice) => slice[0]?.name)).toEqual(['ours', 'peer', 'ours', 'peer']);
    expect(m.rps.get('oursRps2')).toEqual([400]);
    expect(m.rps.get('peerRps2')).toEqual([200]);
    expect(m.slicing.slices).toBe(2);
  });
});

describe('throughput of two local HTTP servers', () => {
  /** A server that answers 200 after `ms`, or 500 when `fail`. */
  const serve = (ms: number, fail = false) =>
    new Promise<Server>((resolve) => {
      const server = createServer((req, res) => {
        req.resume();
        req.on('end', () =>
          setTimeout(() => {
            res.statusCode = fail ? 500 : 200;
            res.end('{}');
          }, ms),
        );
      });
      server.listen(0, '127.0.0.1', () => resolve(server));
    });
  const urlOf = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  let servers: Server[] = [];

  beforeAll(async () => {
    servers = await Promise.all([serve(10), serve(20), serve(1, true)]);
  });
  afterAll(async () => {
    closeLoads();
    for (const server of servers) server.closeAllConnections();
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  });

  it('gives a system twice as slow half the throughput', async () => {
    const [fast, slow] = servers as [Server, Server];
    const work = new Map([
      ['fast', loadOf(urlOf(fast), { query: '{a}' }, 4)],
      ['slow', loadOf(urlOf(slow), { query: '{a}' }, 4)],
    ]);
    const counted = await alternating(work, 4, { countMs: 100, slices: 3 }, 1);
    const [a, b] = [rateOf(counted, 'fast'), rateOf(counted, 'slow')];
    // 4 connections over 10 ms answers: at most 400 a second, less by HTTP's own time.
    expect(a).toBeGreaterThan(250);
    expect(a).toBeLessThanOrEqual(400);
    expect(b / a).toBeGreaterThan(0.42);
    expect(b / a).toBeLessThan(0.58);
  });

  it('fails on an answer outside 2xx', async () => {
    const failing = servers[2] as Server;
    const work = new Map([['failing', loadOf(urlOf(failing), {}, 2)]]);
    await expect(alternating(work, 2, { countMs: 20, slices: 1 }, 0)).rejects.toThrow(/HTTP 500/);
  });
});
