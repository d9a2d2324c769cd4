import { type Claim, type ClaimSet, claimsOf, historyProps } from './claims.ts';

/**
 * kb:plan's warning (docs/design/claims.md): a newer source whose claim would be shown over an earlier,
 * more certain one. A resolution of July that repeats February's plan ("planned for March") is
 * newer than a record of what happened, or more vague than a record's exact dates: unless its
 * claim says which day it describes (`asOf`), or a curator ranks the record's claim, the vaguer
 * value is shown. Pure: the loader calls it where it recomputes an entity.
 */

export interface CertaintyWarning {
  entity: string;
  /** The properties whose value shown would lose certainty. */
  properties: string[];
  /** The source whose claim is shown, and the earlier one whose claim loses. */
  shown: { source: string; sourceDate: string; asOf: string };
  loses: { source: string; sourceDate: string; asOf: string };
  /** What fixes it, in words: an `asOf` for the newer claim, or a rank for the earlier one. */
  fix: string;
  message: string;
}

/** Statuses that say something is only intended or under way to being decided. */
const tentative = new Set([
  'proposed',
  'planned',
  'draft',
  'under-consideration',
  'concept-to-be-developed',
  'concept-endorsed',
]);
const precision: Record<string, number> = { year: 1, month: 2, day: 3 };

/** How certain a source's claim on `property` is: a settled status, a date to the day. */
function certainty(property: string, set: ClaimSet): number {
  if (property === 'status') return tentative.has(set.props.status as string) ? 0 : 1;
  return precision[(set.props.datePrecision as string | undefined) ?? 'day'] ?? 3;
}

/** The warnings that hold once `after` are an entity's claim sets and did not with `before`. */
export function newCertaintyWarnings(
  entity: string,
  before: readonly ClaimSet[],
  after: readonly ClaimSet[],
): CertaintyWarning[] {
  const known = new Set(certaintyWarnings(entity, before).map((warning) => warning.message));
  return certaintyWarnings(entity, after).filter((warning) => !known.has(warning.message));
}

/** Where a newer source's claim is shown over an earlier, more certain one of another source. */
export function certaintyWarnings(entity: string, sets: readonly ClaimSet[]): CertaintyWarning[] {
  if (sets.length < 2) return [];
  const found = new Map<string, { shown: Claim; loses: Claim; properties: string[] }>();
  const setOf = (claim: Claim) => sets.find((set) => set.source === claim.source) as ClaimSet;
  for (const property of historyProps) {
    const claims = claimsOf(sets, property);
    const shown = claims.find((claim) => claim.preferred);
    if (!shown || shown.rank === 'preferred') continue;
    const loses = claims.find(
      (claim) =>
        claim.source !== shown.source &&
        claim.rank !== 'deprecated' &&
        claim.sourceDate < shown.sourceDate &&
        JSON.stringify(claim.value) !== JSON.stringify(shown.value) &&
        certainty(property, setOf(claim)) > certainty(property, setOf(shown)),
    );
    if (!loses) continue;
    const key = `${shown.source}\u0000${loses.source}`;
    const entry = found.get(key) ?? { shown, loses, properties: [] };
    entry.properties.push(property);
    found.set(key, entry);
  }
  return [...found.values()].map(({ shown, loses, properties }) => {
    const latest = dayBefore(loses.asOf);
    const ranked = properties.map((property) => `${property}: preferred`).join(', ');
    const fix = `if ${shown.source} restates an earlier statement, give its claim \`asOf: "${latest}"\` (or the earlier day it describes); otherwise rank ${loses.source}'s claim \`rank: {${ranked}}\``;
    const message = `${entity}: ${shown.source} (${shown.sourceDate}) is shown over the more certain ${loses.source} (${loses.asOf}) on ${properties.join(', ')}; ${fix}`;
    return {
      entity,
      properties,
      shown: { source: shown.source, sourceDate: shown.sourceDate, asOf: shown.asOf },
      loses: { source: loses.source, sourceDate: loses.sourceDate, asOf: loses.asOf },
      fix,
      message,
    };
  });
}

function dayBefore(iso: string): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}
