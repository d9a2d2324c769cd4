/**
 * How the claims of several sources about one entity or relationship become the values shown.
 * Pure functions: the loader applies them when it writes, the API when it explains (docs/design/claims.md).
 *
 * - A `preferred` claim wins; two for one property are refused by the validator.
 * - Of a meeting's status and dates, a claim that says what became of it (held, cancelled,
 *   postponed), from a source dated on or after it, wins over the claims that do not.
 * - Otherwise the claim with the latest `asOf` (the date its statement describes, by default the
 *   source's date) wins, then that of the most recent source (by its date, then id).
 * - A `deprecated` claim is kept and listed but never shown.
 * - Aliases are the union of every source's; a name another source gives becomes an alias, so
 *   search finds the entity by every name.
 * - A property with more than one distinct live value is a conflict, except names and
 *   descriptions, whose wording differs between sources without them disagreeing.
 */

import { isIsoDate } from '../dates.ts';

export const ranks = ['preferred', 'normal', 'deprecated'] as const;
export type Rank = (typeof ranks)[number];

/** What one source says about one entity or relationship. */
export interface ClaimSet {
  source: string;
  /** The source's date, ISO: the most recent source's claim is shown. */
  sourceDate: string;
  /** The date the statement describes (`asOf` in the facts file), when it is not the source's. */
  asOf?: string;
  section: string;
  quote: string;
  /** Values as written in the facts file (dates and decimals as strings). */
  props: Record<string, unknown>;
  /** Ranks given per property; a property not named is `normal`. */
  ranks: Record<string, Rank>;
}

/** One claim on one property, with whether it is the value shown. */
export interface Claim {
  property: string;
  value: unknown;
  rank: Rank;
  preferred: boolean;
  source: string;
  sourceDate: string;
  /** The date the statement describes: `asOf`, or else the source's date. */
  asOf: string;
  section: string;
  quote: string;
}

export interface Resolved {
  props: Record<string, unknown>;
  conflicts: string[];
}

/** Properties whose wording may differ between sources without them disagreeing. */
export const wording = new Set(['name', 'nameTh', 'description', 'descriptionTh']);
export const names = ['name', 'nameTh'];

/** Most recent source first; the same order every time. */
export function byRecency(a: ClaimSet, b: ClaimSet): number {
  if (a.sourceDate !== b.sourceDate) return a.sourceDate < b.sourceDate ? 1 : -1;
  return a.source < b.source ? 1 : a.source > b.source ? -1 : 0;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * What is wrong with `asOf` in a facts file: it must be a date, and not after the source's date
 * (a source cannot describe a day it has not seen). Undefined when nothing is.
 */
export function asOfProblem(value: unknown, sourceDate: string): string | undefined {
  if (!isIsoDate(value)) return `asOf must be an ISO date (YYYY-MM-DD), e.g. "2024-02-02"`;
  if (value > sourceDate) return `asOf ${value} is after the source's date ${sourceDate}`;
  return undefined;
}

/** The date a claim set's statement describes: its `asOf`, or else its source's date. */
export const asOfOf = (set: ClaimSet) => set.asOf ?? set.sourceDate;

/** Properties that tell where a meeting or commitment stands, and when. */
export const historyProps = ['status', 'date', 'startDate', 'endDate', 'datePrecision'];
const eventProps = new Set(historyProps);
/** Statuses that say what became of an event, rather than what was planned for it. */
export const outcomeStatuses = ['held', 'cancelled', 'postponed'];
/** Statuses of an event not yet happened. */
export const plannedStatuses = ['planned', 'proposed'];

export const startOf = (props: Record<string, unknown>) =>
  (props.startDate ?? props.date) as string | undefined;

/**
 * Whether a set says what became of an event (held, cancelled, postponed) from a source dated on or
 * after it: such a claim outranks the plans, however recent their sources. The event's date is the
 * set's own start date, or else the latest date any plan gives it; with no date at all it counts.
 */
export function settlesEvent(set: ClaimSet, sets: readonly ClaimSet[]): boolean {
  if (!outcomeStatuses.includes(set.props.status as string) || set.ranks.status === 'deprecated')
    return false;
  const planned = sets
    .filter((other) => plannedStatuses.includes(other.props.status as string))
    .map((other) => startOf(other.props))
    .filter((date): date is string => date !== undefined)
    .sort();
  const when = startOf(set.props) ?? planned.at(-1);
  return when === undefined || set.sourceDate >= when;
}

/** Every claim on every property (aliases included), shown value marked, most recent source first. */
export function claimsOf(sets: readonly ClaimSet[], property?: string): Claim[] {
  const ordered = [...sets].sort(byRecency);
  const settled = new Set(ordered.filter((set) => settlesEvent(set, sets)).map((set) => set.source));
  const keys = property ? [property] : [...new Set(ordered.flatMap((set) => Object.keys(set.props)))];
  return keys.flatMap((key) => {
    const claims = ordered
      .filter((set) => Object.hasOwn(set.props, key))
      .map((set) => ({
        property: key,
        value: set.props[key],
        rank: set.ranks[key] ?? 'normal',
        preferred: false,
        source: set.source,
        sourceDate: set.sourceDate,
        asOf: asOfOf(set),
        section: set.section,
        quote: set.quote,
      }));
    const shown =
      key === 'aliases'
        ? claims.filter((c) => c.rank !== 'deprecated')
        : [pick(claims, eventProps.has(key) ? settled : new Set())];
    for (const claim of shown) if (claim) claim.preferred = true;
    return claims;
  });
}

const rankOrder: Record<Rank, number> = { preferred: 0, normal: 1, deprecated: 2 };

/**
 * The claim shown, from claims most recent source first: the best rank, then a settled event's
 * claim, then the latest `asOf`; a tie keeps the most recent source's.
 */
export function pick<T extends { rank: Rank; source: string; asOf: string }>(
  claims: readonly T[],
  settled: ReadonlySet<string> = new Set(),
): T | undefined {
  let best: T | undefined;
  for (const claim of claims) {
    if (claim.rank === 'deprecated') continue;
    if (!best || outranks(claim, best, settled)) best = claim;
  }
  return best;
}

function outranks<T extends { rank: Rank; source: string; asOf: string }>(
  claim: T,
  best: T,
  settled: ReadonlySet<string>,
): boolean {
  if (claim.rank !== best.rank) return rankOrder[claim.rank] < rankOrder[best.rank];
  const [a, b] = [settled.has(claim.source), settled.has(best.source)];
  if (a !== b) return a;
  return claim.asOf > best.asOf;
}

/** The values shown and the properties in conflict, from every source's claims. */
export function resolveClaims(sets: readonly ClaimSet[]): Resolved {
  const [only] = sets;
  // One source with no ranks, as most entities are: its values are the values shown.
  if (sets.length === 1 && only && !Object.keys(only.ranks).length)
    return { props: ownValues(only), conflicts: [] };
  const claims = claimsOf(sets);
  const props: Record<string, unknown> = {};
  const conflicts: string[] = [];
  const aliases: string[] = [];
  for (const claim of claims) {
    if (claim.property === 'aliases') {
      if (claim.preferred) aliases.push(...(claim.value as string[]));
    } else if (claim.preferred) {
      props[claim.property] = claim.value;
    }
  }
  for (const key of new Set(claims.map((claim) => claim.property))) {
    if (key === 'aliases' || wording.has(key)) continue;
    const live = claims.filter((claim) => claim.property === key && claim.rank !== 'deprecated');
    if (live.some((claim) => !same(claim.value, live[0]?.value))) conflicts.push(key);
  }
  // A name that is not shown stays findable as an alias.
  for (const claim of claims) {
    if (names.includes(claim.property) && claim.rank !== 'deprecated' && !claim.preferred)
      aliases.push(claim.value as string);
  }
  const unique = [...new Set(aliases)].filter((alias) => !names.some((key) => props[key] === alias));
  if (unique.length || sets.some((set) => Object.hasOwn(set.props, 'aliases'))) props.aliases = unique;
  return { props, conflicts: conflicts.sort() };
}

/** What resolveClaims gives for a lone, unranked source, without comparing anything. */
function ownValues(set: ClaimSet): Record<string, unknown> {
  const { aliases, ...props } = set.props;
  if (!Array.isArray(aliases)) return props;
  const named = names.map((key) => props[key]);
  // Last, as resolveClaims puts it, so the two compare equal as JSON.
  return { ...props, aliases: [...new Set(aliases as string[])].filter((alias) => !named.includes(alias)) };
}

export interface HistoryStep {
  source: string;
  sourceDate: string;
  /** The date the step describes: `asOf`, or else the source's date. */
  asOf: string;
  section: string;
  quote: string;
  values: Record<string, unknown>;
}

/**
 * What each source says of status and dates, in the order of the dates they describe (`asOf`, then
 * the sources' dates): "planned for March 2024" (a resolution of July restating February's plan)
 * then "held 12–13 March 2024" (a meeting record). Empty when no two sources differ, so a client
 * shows history only where there is one.
 */
export function historyOf(sets: readonly ClaimSet[]): HistoryStep[] {
  const steps = [...sets]
    .sort((a, b) => (asOfOf(a) === asOfOf(b) ? byRecency(b, a) : asOfOf(a) < asOfOf(b) ? -1 : 1))
    .map((set) => ({
      source: set.source,
      sourceDate: set.sourceDate,
      asOf: asOfOf(set),
      section: set.section,
      quote: set.quote,
      values: Object.fromEntries(
        historyProps
          .filter((key) => key in set.props && set.ranks[key] !== 'deprecated')
          .map((key) => [key, set.props[key]]),
      ),
    }))
    .filter((step) => Object.keys(step.values).length);
  const differ = steps.some((step) => !same(step.values, steps[0]?.values));
  return differ ? steps : [];
}

const months = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "12–13 March 2024", "March 2024", "2024": a date range as precise as the source gives it. */
export function formatDates(values: Record<string, unknown>): string | undefined {
  const start = (values.startDate ?? values.date) as string | undefined;
  if (!start) return undefined;
  const end = (values.endDate as string | undefined) ?? start;
  const [year, month, day] = start.split('-');
  const [endYear, endMonth, endDay] = end.split('-');
  const monthName = months[Number(month) - 1];
  if (values.datePrecision === 'year') return year;
  if (values.datePrecision === 'month') return `${monthName} ${year}`;
  if (start === end) return `${Number(day)} ${monthName} ${year}`;
  if (year === endYear && month === endMonth) return `${Number(day)}–${Number(endDay)} ${monthName} ${year}`;
  return `${Number(day)} ${monthName} ${year} – ${Number(endDay)} ${months[Number(endMonth) - 1]} ${endYear}`;
}

/** "planned for March 2024", "held 12–13 March 2024": a history step in words. */
export function describeStep(values: Record<string, unknown>): string {
  const status = values.status as string | undefined;
  const dates = formatDates(values);
  if (!dates) return status ?? 'stated';
  if (!status) return dates;
  return status === 'planned' || status === 'proposed' ? `${status} for ${dates}` : `${status} ${dates}`;
}
