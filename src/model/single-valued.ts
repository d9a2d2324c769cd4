import { type Claim, type ClaimSet, pick, type Rank, settlesEvent } from './claims.ts';
import { type SingleValued, singleValuedOf } from './ontology.ts';

/**
 * Relations that take one value per entity (src/model/ontology.ts `singleValued`): a meeting's host
 * country, its chair. Each source's value is the ends it names; the value shown is chosen as a
 * property's is (docs/design/claims.md), and two sources that name different ends are a conflict named by
 * the relation's type, e.g. "HOSTED_BY". Pure: the loader applies it, the API explains with it.
 */

/** A relationship as stored: every source's claim (JSON) in the order of `sources`. */
export interface StatedRelation {
  id: string;
  type: string;
  from: string;
  to: string;
  sources: string[];
  claims: string[];
}

/** One source's claim of one relationship, as the loader stores it. */
interface StoredClaim {
  section: string;
  quote: string;
  ranks?: Record<string, Rank>;
  asOf?: string;
}

export interface SingleValuedResult {
  /** The relation types on which sources disagree, sorted. */
  conflicts: string[];
  /** The relationships settled: those of the entity's single-valued relations. */
  settled: string[];
  /** Of those, the ones not shown: another source's value wins. */
  outranked: string[];
  /** Every source's claim, one per relationship and source; `value` is the id at the other end. */
  claims: Array<Claim & { relation: string }>;
}

type RelationClaim = Claim & { relation: string };

/**
 * Resolves the single-valued relations of the entity `id` of type `type` from its relationships,
 * the dates of their sources and the entity's own claim sets (a record that says a meeting was
 * held outranks the plans on its host too).
 */
export function resolveSingleValued(
  id: string,
  type: string,
  relations: readonly StatedRelation[],
  dates: ReadonlyMap<string, string>,
  entitySets: readonly ClaimSet[] = [],
): SingleValuedResult {
  const settled = new Set(entitySets.filter((set) => settlesEvent(set, entitySets)).map((set) => set.source));
  const result: SingleValuedResult = { conflicts: [], settled: [], outranked: [], claims: [] };
  for (const spec of singleValuedOf(type)) {
    const own = relations.filter((r) => r.type === spec.relation && r[spec.at] === id);
    const claims = own.flatMap((relation) => claimsOf(spec, relation, dates));
    if (!claims.length) continue;
    result.settled.push(...own.map((relation) => relation.id));
    claims.sort(recentFirst);
    const winner = pick(bySource(claims), settled);
    const shown = new Set(
      claims.filter((c) => c.source === winner?.source && c.rank !== 'deprecated').map((c) => c.relation),
    );
    for (const claim of claims)
      claim.preferred = shown.has(claim.relation) && claim.source === winner?.source;
    if (winner) result.outranked.push(...own.filter((r) => !shown.has(r.id)).map((r) => r.id));
    const live = new Map<string, string[]>();
    for (const claim of claims.filter((c) => c.rank !== 'deprecated'))
      live.set(claim.source, [...(live.get(claim.source) ?? []), claim.value as string].sort());
    const values = [...live.values()].map((ends) => JSON.stringify(ends));
    if (new Set(values).size > 1) result.conflicts.push(spec.relation);
    result.claims.push(...claims);
  }
  result.conflicts.sort();
  return result;
}

function claimsOf(spec: SingleValued, relation: StatedRelation, dates: ReadonlyMap<string, string>) {
  const end = spec.at === 'from' ? relation.to : relation.from;
  return relation.sources.map((source, index): RelationClaim => {
    const stored = JSON.parse(relation.claims[index] ?? '{}') as StoredClaim;
    const sourceDate = dates.get(source) ?? '';
    return {
      property: spec.relation,
      value: end,
      relation: relation.id,
      rank: stored.ranks?.[spec.relation] ?? 'normal',
      preferred: false,
      source,
      sourceDate,
      asOf: stored.asOf ?? sourceDate,
      section: stored.section ?? '',
      quote: stored.quote ?? '',
    };
  });
}

/** Most recent source first, then by the id at the other end: the order `claims` lists them. */
function recentFirst(a: RelationClaim, b: RelationClaim): number {
  if (a.sourceDate !== b.sourceDate) return a.sourceDate < b.sourceDate ? 1 : -1;
  if (a.source !== b.source) return a.source < b.source ? 1 : -1;
  return String(a.value) < String(b.value) ? -1 : 1;
}

/** One entry per source, most recent first: its best rank and its latest `asOf`. */
function bySource(claims: readonly RelationClaim[]) {
  const order: Rank[] = ['preferred', 'normal', 'deprecated'];
  const out: Array<{ source: string; rank: Rank; asOf: string }> = [];
  for (const claim of claims) {
    const known = out.find((entry) => entry.source === claim.source);
    if (!known) out.push({ source: claim.source, rank: claim.rank, asOf: claim.asOf });
    else {
      if (order.indexOf(claim.rank) < order.indexOf(known.rank)) known.rank = claim.rank;
      if (claim.asOf > known.asOf) known.asOf = claim.asOf;
    }
  }
  return out;
}
