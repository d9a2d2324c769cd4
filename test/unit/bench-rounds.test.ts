import { describe, expect, it } from 'vitest';
import {
  disagreements,
  interleaved,
  quantile,
  quietly,
  type RetryBudget,
  ratioOver,
  rotation,
  settled,
  summarise,
  untilSettled,
} from '../../bench/compare/rounds.ts';

describe('the benchmark in rounds', () => {
  it('rotates the order of the systems by one each round', () => {
    expect(rotation(['a', 'b', 'c'], 0)).toEqual(['a', 'b', 'c']);
    expect(rotation(['a', 'b', 'c'], 1)).toEqual(['b', 'c', 'a']);
    expect(rotation(['a', 'b', 'c'], 4)).toEqual(['b', 'c', 'a']);
    expect(rotation([], 3)).toEqual([]);
  });

  it('samples systems request by request, the order rotated each pass, until the time is up', async () => {
    let now = 0;
    const calls: string[] = [];
    // Each request takes its system's own time on a fake clock: ours 1 ms, peer 2 ms.
    const system = (name: string, ms: number) => async () => {
      calls.push(name);
      now += ms;
    };
    const samples = await interleaved(
      new Map([
        ['ours', system('ours', 1)],
        ['peer', system('peer', 2)],
      ]),
      7,
      () => now,
    );
    // Passes start at 0, 3 and 6 ms; the third starts before 7 ms, so it runs whole.
    expect(calls).toEqual(['ours', 'peer', 'peer', 'ours', 'ours', 'peer']);
    expect(samples.get('ours')).toEqual([1, 1, 1]);
    expect(samples.get('peer')).toEqual([2, 2, 2]);
  });

  it('interpolates quantiles between the nearest values', () => {
    expect(quantile([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([10, 20, 30, 40, 50], 0.25)).toBe(20);
    expect(() => quantile([], 0.5)).toThrow();
  });

  it('takes the median over rounds, so one paused round does not decide the ratio', () => {
    const summary = summarise([1.0, 1.02, 0.98, 1.01, 3.5]);
    expect(summary.median).toBe(1.01);
    // Interquartile range 1.0 … 1.02 over the median: the pause is outside it.
    expect(summary.spread).toBeCloseTo(0.02 / 1.01, 6);
    expect(summary.unsure).toBe(false);
  });

  it('marks a ratio whose rounds spread over 15% of the median as unsure', () => {
    const summary = summarise([0.8, 0.9, 1.0, 1.1, 1.2]);
    expect(summary.spread).toBeCloseTo(0.2, 6);
    expect(summary.unsure).toBe(true);
    expect(summarise([0.95, 0.97, 1.0, 1.03, 1.05]).unsure).toBe(false);
  });

  it('divides round by round, not medians by medians', () => {
    // Both systems slow in the same round: the per-round ratio stays 0.5.
    const summary = ratioOver([1, 1, 10, 1, 1], [2, 2, 20, 2, 2]);
    expect(summary.median).toBe(0.5);
    expect(summary.spread).toBe(0);
    expect(() => ratioOver([1, 2], [1])).toThrow(/rounds/);
  });

  it('calls a ratio unsure when a system completed nothing in a round', () => {
    expect(ratioOver([0, 1, 1], [1, 1, 1]).unsure).toBe(true);
    expect(ratioOver([1, 1, 1], [0, 1, 1]).unsure).toBe(true);
    expect(ratioOver([1, 1], [0, 0]).median).toBeNaN();
  });

  it('lists the ratios of two runs that are more than 10% apart', () => {
    const first = new Map([
      ['a', 1.0],
      ['b', 1.0],
      ['c', 2.0],
      ['only first', 1],
    ]);
    const second = new Map([
      ['a', 1.09],
      ['b', 0.89],
      ['c', 1.7],
    ]);
    const found = disagreements(first, second);
    expect(found.map((d) => d.key)).toEqual(['b', 'c', 'only first']);
    expect(found[0]?.off).toBeCloseTo(1 / 0.89 - 1, 6);
    expect(found[2]?.off).toBe(Number.POSITIVE_INFINITY);
  });

  it('takes a measurement again while others use more than 0.2 of a core, within the run budget', async () => {
    // Others' CPU during each attempt, in cores: busy, busy, quiet.
    const others = [0.9, 0.5, 0.1, 0.6, 0.7];
    let attempt = 0;
    const meter = () => {
      const during = others[attempt] as number;
      return () => during;
    };
    const measure = async () => ++attempt;
    const budget: RetryBudget = { left: 3, retried: 0, keptBusy: 0 };
    expect(await quietly(measure, meter, budget)).toBe(3);
    expect(budget).toEqual({ left: 1, retried: 2, keptBusy: 0 });
    // Busy again: one retry left, then the busy result is kept and counted.
    expect(await quietly(measure, meter, budget)).toBe(5);
    expect(budget).toEqual({ left: 0, retried: 3, keptBusy: 1 });
    // Exactly at the limit is quiet.
    expect(
      await quietly(
        async () => 'x',
        () => () => 0.2,
        budget,
      ),
    ).toBe('x');
    expect(budget.keptBusy).toBe(1);
  });

  it('waits for the machine to be quiet before each retry, not before a kept measurement', async () => {
    const others = [0.9, 0.5, 0.1];
    const events: string[] = [];
    let attempt = 0;
    const meter = () => {
      const during = others[attempt] as number;
      return () => during;
    };
    const measure = async () => {
      events.push(`measure ${attempt}`);
      return ++attempt;
    };
    const calm = async () => {
      events.push('calm');
    };
    const budget: RetryBudget = { left: 5, retried: 0, keptBusy: 0 };
    expect(await quietly(measure, meter, budget, 0.2, calm)).toBe(3);
    expect(events).toEqual(['measure 0', 'calm', 'measure 1', 'calm', 'measure 2']);
    // No retries left: the busy result is kept at once, with no wait.
    const spent: RetryBudget = { left: 0, retried: 0, keptBusy: 0 };
    events.length = 0;
    attempt = 0;
    expect(await quietly(measure, meter, spent, 0.2, calm)).toBe(1);
    expect(events).toEqual(['measure 0']);
  });

  it('calls a warm-up settled when the last 2 passes average within 4% of the 2 before, every statistic', () => {
    expect(settled([[1.0], [1.0], [1.0]])).toBe(false);
    // Noisy but flat: (0.52 + 0.50) / 2 against (0.50 + 0.53) / 2.
    expect(
      settled([
        [0.3, 1.5],
        [0.5, 1.3],
        [0.53, 1.32],
        [0.52, 1.3],
        [0.5, 1.33],
      ]),
    ).toBe(true);
    // A slow drift is not settled, though neighbours differ by 3% at most (the first scale's cached/raw).
    expect(settled([[0.471], [0.484], [0.5], [0.515]])).toBe(false);
    // The first statistic has settled, the second still moves.
    expect(
      settled([
        [0.5, 1.3],
        [0.51, 1.3],
        [0.51, 1.36],
        [0.5, 1.4],
      ]),
    ).toBe(false);
  });

  it('warms up until the passes settle, at least and at most as often as told', async () => {
    const drifting = [[0.3], [0.4], [0.45], [0.5], [0.52], [0.51], [0.52], [0.6]];
    let i = 0;
    const pass = async () => drifting[i++] as number[];
    // (0.52 + 0.51) / 2 against (0.45 + 0.5) / 2 is 8% apart; (0.51 + 0.52) / 2 against (0.5 + 0.52) / 2 is not.
    expect(await untilSettled(pass, { most: 10 })).toEqual(drifting.slice(0, 7));
    i = 0;
    expect(await untilSettled(pass, { most: 3 })).toEqual(drifting.slice(0, 3));
    // Settled from the start, but at least 5 passes.
    const still = async () => [1];
    expect(await untilSettled(still, { least: 5, most: 10 })).toHaveLength(5);
  });
});
