// Rounds, medians and spreads for the comparison benchmark (bench/compare/run.ts). On a shared
// machine one pause can decide a single measurement; measuring every system in several short
// rounds, in a rotating order, and taking the median of the per-round ratios makes a pause cost
// one round of five, and the spread says how far the rounds agree.

/** A ratio whose interquartile range is more than this share of its median is unsure, not a result. */
export const UNSURE_SPREAD = 0.15;
/** Two runs agree when every ratio of one is within this share of the other's. */
export const AGREEMENT = 0.1;

/** A ratio over rounds: the median, and the interquartile range as a share of it. */
export interface Summary {
  median: number;
  /** (Q3 − Q1) / median of the per-round values. */
  spread: number;
  unsure: boolean;
  /** The per-round values, for the log. */
  values: number[];
}

/** `items` rotated left by `round`: round 0 keeps the order, round 1 starts with the second item. */
export function rotation<T>(items: readonly T[], round: number): T[] {
  if (items.length === 0) return [];
  const shift = round % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

/** The q-quantile of sorted values, interpolated linearly between the nearest two (R's type 7). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new Error('quantile of no values');
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  const a = sorted[low] as number;
  const b = sorted[high] as number;
  return a + (b - a) * (at - low);
}

/** The median of per-round values and their interquartile range relative to it. */
export function summarise(values: readonly number[], unsureAbove = UNSURE_SPREAD): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const median = quantile(sorted, 0.5);
  const spread = median > 0 ? (quantile(sorted, 0.75) - quantile(sorted, 0.25)) / median : 0;
  return { median, spread, unsure: spread > unsureAbove, values: [...values] };
}

/** Per-round ratios of two measurements taken in the same rounds, summarised. */
export function ratioOver(numerators: readonly number[], denominators: readonly number[]): Summary {
  if (numerators.length !== denominators.length || numerators.length === 0)
    throw new Error(`ratio over ${numerators.length} and ${denominators.length} rounds`);
  const ratios = numerators.map((n, i) => n / (denominators[i] as number));
  // A round in which a system completed nothing (a throughput run shorter than one request) says nothing.
  if (ratios.some((r) => !Number.isFinite(r) || r <= 0)) {
    const finite = ratios.filter(Number.isFinite);
    const median = finite.length > 0 ? summarise(finite).median : Number.NaN;
    return { median, spread: Number.POSITIVE_INFINITY, unsure: true, values: ratios };
  }
  return summarise(ratios);
}

/**
 * Latency of several systems sampled together: one request to each in turn, the order rotated by
 * one each pass, until `ms` milliseconds have passed. Requests next to each other see the same
 * machine, so a change of load (another process, a GC in Neo4j) moves every system alike and
 * leaves their ratio; measured one after the other, it would fall on one system only.
 */
export async function interleaved(
  work: ReadonlyMap<string, () => Promise<unknown>>,
  ms: number,
  clock: () => number = () => performance.now(),
): Promise<Map<string, number[]>> {
  const names = [...work.keys()];
  const samples = new Map<string, number[]>(names.map((name) => [name, []]));
  const until = clock() + ms;
  for (let pass = 0; clock() < until; pass++) {
    for (const name of rotation(names, pass)) {
      const request = work.get(name) as () => Promise<unknown>;
      const started = clock();
      await request();
      samples.get(name)?.push(clock() - started);
    }
  }
  return samples;
}

/** A ratio in one run that is off by more than `tolerance` from the same ratio in another. */
export interface Disagreement {
  key: string;
  first: number;
  second: number;
  /** max/min − 1 of the two medians. */
  off: number;
}

/**
 * The ratios (by key) of two runs that do not agree within `tolerance`: max/min − 1 of the two
 * medians. A key measured in one run only is a disagreement too (off = Infinity).
 */
export function disagreements(
  first: ReadonlyMap<string, number>,
  second: ReadonlyMap<string, number>,
  tolerance = AGREEMENT,
): Disagreement[] {
  const keys = [...new Set([...first.keys(), ...second.keys()])];
  return keys.flatMap((key) => {
    const a = first.get(key) ?? Number.NaN;
    const b = second.get(key) ?? Number.NaN;
    const off =
      Number.isNaN(a) || Number.isNaN(b) ? Number.POSITIVE_INFINITY : Math.max(a, b) / Math.min(a, b) - 1;
    return off > tolerance ? [{ key, first: a, second: b, off }] : [];
  });
}

/** How much CPU others may use during a measurement, in cores, before it is taken again. */
export const BUSY_CORES = 0.2;

/** Retries of measurements taken while the machine was busy, shared by a whole run. */
export interface RetryBudget {
  /** Retries left in this run; none left, a busy measurement is kept (and counted). */
  left: number;
  /** Measurements taken again, and kept while busy, so far. */
  retried: number;
  keptBusy: number;
}

/**
 * Runs `measure` until others used at most `busyCores` of CPU while it ran (read by the meter that
 * `startMeter` starts), at most `budget.left` times more over the whole run. Another engineer's type
 * check on one of the 2 cores slows every system, but not alike (a system that needs Neo4j and
 * a server waits twice), so a round measured beside it is taken again rather than kept. Before
 * each retry `calm` waits for the machine to be quiet again: retried at once, the 12 retries of a
 * run went on one operation while a type check ran on, and the next 140 measurements were kept busy.
 */
export async function quietly<R>(
  measure: () => Promise<R>,
  startMeter: () => () => number,
  budget: RetryBudget,
  busyCores = BUSY_CORES,
  calm: () => Promise<void> = async () => {},
): Promise<R> {
  for (;;) {
    const othersCores = startMeter();
    const result = await measure();
    if (othersCores() <= busyCores) return result;
    if (budget.left <= 0) {
      budget.keptBusy++;
      return result;
    }
    budget.left--;
    budget.retried++;
    await calm();
  }
}

/**
 * Whether a warm-up has stopped moving: for every statistic, the mean of the last `k` passes is within
 * `tolerance` (max/min − 1) of the mean of the `k` before. Means of two passes halve a pass's own
 * noise (about 5% at 0.15 s per operation), and a slow drift (the first scale's cached/raw rose
 * 0.28 → 0.52 over 10 passes as Neo4j's JIT warmed) keeps the two means apart.
 * `passes` holds one array of statistics per pass.
 */
export function settled(passes: readonly (readonly number[])[], k = 2, tolerance = 0.04): boolean {
  if (passes.length < 2 * k) return false;
  const mean = (from: number, i: number) =>
    passes.slice(from, from + k).reduce((sum, pass) => sum + (pass[i] as number), 0) / k;
  return (passes.at(-1) ?? []).every((_, i) => {
    const [before, last] = [mean(passes.length - 2 * k, i), mean(passes.length - k, i)];
    return Math.max(before, last) / Math.min(before, last) - 1 <= tolerance;
  });
}

/**
 * Calls `pass` (one pass of a warm-up, returning statistics of it, e.g. ratios of latencies) until
 * the passes have settled, at least `least` and at most `most` times. Returns every pass's
 * statistics, for the log: a warm-up stopped by `most` did not settle.
 */
export async function untilSettled(
  pass: () => Promise<number[]>,
  {
    least = 4,
    most,
    k = 2,
    tolerance = 0.04,
  }: { least?: number; most: number; k?: number; tolerance?: number },
): Promise<number[][]> {
  const passes: number[][] = [];
  while (passes.length < most) {
    passes.push(await pass());
    if (passes.length >= least && settled(passes, k, tolerance)) break;
  }
  return passes;
}
