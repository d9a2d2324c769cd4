import {
  asOfOf,
  byRecency,
  type ClaimSet,
  historyProps,
  names,
  outcomeStatuses,
  pick,
  plannedStatuses,
  type Rank,
  type Resolved,
  startOf,
  wording,
} from '../model/claims.ts';

/**
 * The last source date at which the values resolved from the claims known then change; null
 * without claims. The sets are resolved date by date, oldest first, each date's added to what the
 * ones before resolved to (`Resolution`): linear in the number of sources, where resolving every
 * date's sets afresh was quadratic for an entity many sources cite. (An event whose planned date
 * moves again and again is the exception: each move settles its outcomes again.) `onDate` is given
 * each date's resolution, for what else is kept of it (src/model/amount-history.ts).
 */
export function lastChange(
  sets: ClaimSet[],
  onDate?: (date: string, resolved: Resolved) => void,
): string | null {
  const byDate = new Map<string, ClaimSet[]>();
  for (const set of sets) {
    const same = byDate.get(set.sourceDate);
    if (same) same.push(set);
    else byDate.set(set.sourceDate, [set]);
  }
  const resolution = new Resolution();
  let last: string | null = null;
  let before = '';
  for (const date of [...byDate.keys()].sort()) {
    const resolved = resolution.add(byDate.get(date) as ClaimSet[]);
    onDate?.(date, resolved);
    const now = JSON.stringify(resolved);
    if (now !== before) last = date;
    before = now;
  }
  return last;
}

interface Claim {
  value: unknown;
  rank: Rank;
  source: string;
  asOf: string;
}

/** What the claims on one property resolve to so far. */
interface Property {
  /** Every claim, oldest source first. */
  claims: Claim[];
  shown: Claim | undefined;
  /** The live (not deprecated) values, as JSON: more than one is a conflict. */
  live: Set<string>;
  /** Of names and aliases, the live values, most recent source first, each once (names not shown become aliases). */
  values: unknown[];
}

const eventProps = new Set(historyProps);

/**
 * resolveClaims (src/model/claims.ts), kept up to date as sets come, each newer than every one
 * before: the same answer, as JSON, for the sets added so far. A new set comes first in recency
 * order, so the value shown is the new sets' best against the one shown before, unless the latest
 * plan date moved and with it which sources settle an event.
 */
export class Resolution {
  private readonly properties = new Map<string, Property>();
  /** Property names in the order resolveClaims meets them: the most recent set's first. */
  private keys: string[] = [];
  private latestPlan: string | undefined;
  private readonly outcomes: ClaimSet[] = [];
  private settled = new Set<string>();
  private anyAliases = false;

  /** Adds the sets of one source date, later than any added before; returns the resolution now. */
  add(sets: ClaimSet[]): Resolved {
    const group = [...sets].sort(byRecency);
    const resettled = this.settle(group);
    const added = new Map<string, Claim[]>();
    for (const set of group) {
      if (Object.hasOwn(set.props, 'aliases')) this.anyAliases = true;
      for (const [key, value] of Object.entries(set.props)) {
        const claim = { value, rank: set.ranks[key] ?? 'normal', source: set.source, asOf: asOfOf(set) };
        const claims = added.get(key);
        if (claims) claims.push(claim);
        else added.set(key, [claim]);
      }
    }
    const known = this.keys.filter((key) => !added.has(key));
    this.keys = [...added.keys(), ...known];
    for (const [key, claims] of added) this.addClaims(key, claims);
    if (resettled) for (const key of this.keys) if (eventProps.has(key)) this.reshow(key);
    return this.resolved();
  }

  /** The sources settling an event, with this date's sets; true when an earlier source's changed. */
  private settle(group: ClaimSet[]): boolean {
    const latest = this.latestPlan;
    for (const set of group) {
      const start = startOf(set.props);
      if (!plannedStatuses.includes(set.props.status as string) || start === undefined) continue;
      if (this.latestPlan === undefined || String(start) > String(this.latestPlan)) this.latestPlan = start;
    }
    const outcomes = group.filter(
      (set) => outcomeStatuses.includes(set.props.status as string) && set.ranks.status !== 'deprecated',
    );
    this.outcomes.push(...outcomes);
    const settles = (set: ClaimSet) => {
      const when = startOf(set.props) ?? this.latestPlan;
      return when === undefined || set.sourceDate >= when;
    };
    if (latest === this.latestPlan) {
      for (const set of outcomes) if (settles(set)) this.settled.add(set.source);
      return false;
    }
    const was = this.settled;
    this.settled = new Set(this.outcomes.filter(settles).map((set) => set.source));
    return was.size !== this.settled.size || [...was].some((source) => !this.settled.has(source));
  }

  /** Claims of the newest sets on `key`, most recent first. */
  private addClaims(key: string, claims: Claim[]) {
    const property = this.properties.get(key) ?? {
      claims: [],
      shown: undefined,
      live: new Set(),
      values: [],
    };
    this.properties.set(key, property);
    property.claims.push(...[...claims].reverse());
    const live = claims.filter((claim) => claim.rank !== 'deprecated');
    for (const claim of live) property.live.add(JSON.stringify(claim.value));
    if (key === 'aliases' || names.includes(key)) {
      const values =
        key === 'aliases' ? live.flatMap((claim) => claim.value as unknown[]) : live.map((c) => c.value);
      const fresh = new Set(values);
      property.values = [...fresh, ...property.values.filter((value) => !fresh.has(value))];
    }
    const settled = eventProps.has(key) ? this.settled : new Set<string>();
    const shown = property.shown ? [property.shown] : [];
    property.shown = pick([...claims, ...shown], settled);
  }

  /** The value shown on `key` from all its claims, when which sources settle an event changed. */
  private reshow(key: string) {
    const property = this.properties.get(key) as Property;
    property.shown = pick([...property.claims].reverse(), this.settled);
  }

  private resolved(): Resolved {
    const props: Record<string, unknown> = {};
    const conflicts: string[] = [];
    for (const key of this.keys) {
      const { shown, live } = this.properties.get(key) as Property;
      if (key === 'aliases') continue;
      if (shown) props[key] = shown.value;
      if (!wording.has(key) && live.size > 1) conflicts.push(key);
    }
    // The aliases, then the names not shown; none of the names shown.
    const listed = this.properties.get('aliases')?.values ?? [];
    const named = this.keys.filter((key) => names.includes(key));
    const aliases = [...listed, ...named.flatMap((key) => this.properties.get(key)?.values ?? [])];
    const unique = [...new Set(aliases)].filter((alias) => !names.some((key) => props[key] === alias));
    if (unique.length || this.anyAliases) props.aliases = unique;
    return { props, conflicts: conflicts.sort() };
  }
}
