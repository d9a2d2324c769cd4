import type { OperationBudget } from '../db/budget.ts';
import type { Database } from '../db/database.ts';
import { toPlain } from '../db/values.ts';
import { type ClaimSet, type Rank, resolveClaims } from '../model/claims.ts';
import { isEntityType, propsOf } from '../model/ontology.ts';
import { parseStoredClaimSet, relationProps, toCents } from '../model/stored.ts';
import type { DayCountsSource } from './day-counts.ts';
import type { EntityRecord } from './records.ts';

/**
 * Reads "as of" a day or a release (docs/design/as-of.md): the Cypher conditions every store adds
 * when there is a view, and the values re-resolved from the claims visible then. A day reads the
 * dates the loader keeps on every entity and relationship (`firstKnown`, `lastKnown`: the first
 * and last dates of the sources citing it, src/loader/kept-dates.ts), so it costs no round trip
 * of its own; a release, a set of sources, reads the sources themselves.
 *
 * Without a view, nothing is added to any query: a read without `asOf` is the read it was.
 */
export interface SourceView {
  /** The day asked for, ISO; for a release, the day it was recorded. */
  asOf: string;
  /** A release's sources; null for a day, which the kept dates answer. */
  sources: string[] | null;
}

/** The view of one operation, set before it executes (src/as-of-plugin.ts); null for the graph now. */
export interface ReadScope {
  view: SourceView | null;
  /** Counts per first-known day, when the response cache's version can key them (src/stores/day-counts.ts). */
  dayCounts?: DayCountsSource;
}

export const noScope = (): ReadScope => ({ view: null });

/** The relationship `r` is stated by a visible source. Its ends then are too: a source cites both. */
export const visibleRelation = (r: string, view: SourceView) =>
  view.sources ? `any(vs IN ${r}.sources WHERE vs IN $visible)` : `${r}.firstKnown <= $asOfDay`;

/** The entity `n` is cited by a visible source, or is one. */
export const visibleEntity = (n: string, view: SourceView) =>
  view.sources
    ? `(EXISTS { (${n})-[:CITED_IN]->(vs:Source) WHERE vs.id IN $visible } OR (${n}:Source AND ${n}.id IN $visible))`
    : `${n}.firstKnown <= $asOfDay`;

/** The Source `s` is visible. */
export const visibleSource = (s: string, view: SourceView) =>
  view.sources ? `${s}.id IN $visible` : `${s}.date <= date($asOfDay)`;

/** A source not visible claims something of `v` (an entity or relationship): for a release, maybe. */
export const laterThan = (v: string, view: SourceView) =>
  view.sources ? 'true' : `${v}.lastKnown > $asOfDay`;

/** ` AND <condition>` with a view, nothing without: query text without asOf stays the same. */
export const andIf = (view: SourceView | null, condition: (view: SourceView) => string) =>
  view ? ` AND ${condition(view)}` : '';

/** ` WHERE <condition>` with a view, nothing without. */
export const whereIf = (view: SourceView | null, condition: (view: SourceView) => string) =>
  view ? ` WHERE ${condition(view)}` : '';

/** The parameter the conditions read; empty without a view. */
export const viewParams = (view: SourceView | null) =>
  view ? (view.sources ? { visible: view.sources } : { asOfDay: view.asOf }) : {};

/** A view of the day `asOf`: the kept dates answer it, no query is needed. */
export const dayView = (asOf: string): SourceView => ({ asOf, sources: null });

/**
 * As of a day, a column of the query that finds `n`: the claims of its visible sources when a
 * later one claims some of its values (else null), so that re-resolving it costs no round trip
 * (claimSetsOf reads it). Nothing for a release or the graph now.
 */
export const claimSetsColumn = (n: string, view: SourceView | null) =>
  view && !view.sources
    ? `, CASE WHEN ${laterThan(n, view)} THEN COLLECT {
        MATCH (${n})-[c:CITED_IN]->(s:Source) WHERE c.claims IS NOT NULL AND s.date <= date($asOfDay)
        RETURN {source: s.id, date: s.date, section: c.section, quote: c.quote, claims: c.claims}
      } END AS asOfSets`
    : '';

/** As of a day, the claim sets of `n` its sources known then give, as an expression. */
const claimSetsThen = (n: string) =>
  `[(${n})-[lc:CITED_IN]->(ls:Source) WHERE lc.claims IS NOT NULL AND ls.date <= date($asOfDay) |
    {source: ls.id, date: ls.date, section: lc.section, quote: lc.quote, claims: lc.claims}]`;

/**
 * As of a day, a column `<name>`: for the entities in the list `list` that a later source claims
 * something of, their ids and the claim sets known then (claimSetsOf reads them), so that summing
 * their amounts then costs no round trip. Nothing for a release or the graph now.
 */
export const laterSetsColumn = (list: string, name: string, view: SourceView | null) =>
  view && !view.sources
    ? `, [e IN ${list} WHERE ${laterThan('e', view)} | {id: e.id, sets: ${claimSetsThen('e')}}] AS ${name}`
    : '';

/** The claim sets claimSetsColumn brought, by entity id: what resolveAsOf need not read again. */
export function claimSetsOf(rows: Array<{ id: string; sets: unknown }>): Map<string, ClaimSet[]> {
  const found = new Map<string, ClaimSet[]>();
  for (const { id, sets } of rows)
    if (Array.isArray(sets)) found.set(id, (sets as Array<Record<string, unknown>>).map(parseStoredClaimSet));
  return found;
}

const claimSetsQuery = (view: SourceView) => ({
  name: 'asOf.claimSets',
  cypher: `
    UNWIND $ids AS id
    MATCH (n:Entity {id: id})-[c:CITED_IN]->(s:Source)
    WITH id, collect({source: s.id, date: s.date, section: c.section, quote: c.quote, claims: c.claims,
      visible: ${visibleSource('s', view)}}) AS sets
    WHERE any(set IN sets WHERE NOT set.visible)
    RETURN id, [set IN sets WHERE set.visible AND set.claims IS NOT NULL] AS sets`,
});

/**
 * Whether the values shown of `entity` may differ on the day: a source dated after it claims
 * some. Records without `lastKnown` (a selection that left it out) are asked about.
 */
function mayDiffer(entity: EntityRecord, view: SourceView): boolean {
  if (entity.type === 'Source') return false;
  const last = entity.props.lastKnown;
  return view.sources !== null || typeof last !== 'string' || last > view.asOf;
}

/**
 * The entities with the values their visible sources give, resolved by the rule of
 * src/model/claims.ts. Only those a source not visible claims something of are read again (one
 * round trip for all, none when no entity needs it); the others' stored values are the ones shown.
 */
export async function resolveAsOf<T extends EntityRecord | null>(
  db: Database,
  view: SourceView | null,
  entities: T[],
  budget?: OperationBudget,
  known: Map<string, ClaimSet[]> = new Map(),
): Promise<T[]> {
  if (!view) return entities;
  const ids = [
    ...new Set(
      entities.flatMap((entity) =>
        entity && !known.has(entity.id) && mayDiffer(entity, view) ? [entity.id] : [],
      ),
    ),
  ];
  const rows = ids.length ? await db.read(claimSetsQuery(view), { ids, ...viewParams(view) }, budget) : [];
  const sets = new Map([
    ...known,
    ...claimSetsOf(rows.map((row) => ({ id: row.id as string, sets: row.sets }))),
  ]);
  if (!sets.size) return entities;
  return entities.map((entity) => {
    const visible = entity && sets.get(entity.id);
    return entity && visible ? ({ ...entity, props: valuesOf(entity, visible) } as T) : entity;
  });
}

/**
 * The entities and every entity planned below them (the typed fields in `prefetched`), with the
 * values shown as of the view: one round trip for the whole tree, none when nothing differs.
 */
export async function resolveTreeAsOf<T extends EntityRecord | null>(
  db: Database,
  view: SourceView | null,
  roots: T[],
  budget?: OperationBudget,
  known?: Map<string, ClaimSet[]>,
): Promise<T[]> {
  if (!view) return roots;
  const all: EntityRecord[] = [];
  const walk = (entity: EntityRecord) => {
    all.push(entity);
    for (const list of entity.prefetched?.values() ?? []) list.forEach(walk);
  };
  for (const root of roots) if (root) walk(root);
  const resolved = await resolveAsOf(db, view, all, budget, known);
  // The records were parsed for this read alone: their values are replaced where they differ.
  resolved.forEach((entity, index) => {
    (all[index] as EntityRecord).props = entity.props;
  });
  return roots;
}

/** The record's properties with the values of `sets` in place of those shown now. */
function valuesOf(entity: EntityRecord, sets: ClaimSet[]): Record<string, unknown> {
  const kinds = isEntityType(entity.type) ? propsOf(entity.type) : {};
  const resolved = resolveClaims(sets);
  const props: Record<string, unknown> = { id: entity.id };
  // Keys that are not claims (search keys, the sort key) are kept; claimed ones come from `sets`.
  const claimed = (key: string) => key in kinds || kinds[key.replace(/Cents$/, '')] === 'decimal';
  for (const [key, value] of Object.entries(entity.props)) if (!claimed(key)) props[key] = value;
  // The disputes of single-valued relations are kept as now: the API settles them as of the view
  // (src/schema/types/relation-claims.ts conflictsOf).
  const relationConflicts = ((entity.props.conflicts as string[] | undefined) ?? []).filter(
    (name) => !(name in kinds),
  );
  delete props.conflicts;
  for (const [key, value] of Object.entries(resolved.props)) {
    props[key] = value;
    if (kinds[key] === 'decimal') props[`${key}Cents`] = toCents(value as string);
  }
  const conflicts = relationConflicts.length
    ? [...resolved.conflicts, ...relationConflicts].sort()
    : resolved.conflicts;
  if (conflicts.length) props.conflicts = conflicts;
  return props;
}

/**
 * A relationship's properties as of the view: when a source not visible states it too, its
 * qualifiers, `conflicts` and provenance come from the claims of the visible ones, by the rule of
 * src/model/claims.ts, as the loader resolves them (src/loader/stored-claims.ts relationPropsOf).
 */
export function relationAsOf<T extends { props: Record<string, unknown> }>(
  relation: T,
  view: SourceView | null,
): T {
  const { props } = relation;
  const sources = (props.sources as string[] | undefined) ?? [];
  const dates = (props.sourceDates as string[] | undefined) ?? [];
  const seen = (source: string, index: number) =>
    view?.sources ? view.sources.includes(source) : (dates[index] ?? '') <= (view?.asOf ?? '');
  if (!view || sources.every(seen)) return relation;
  const claims = (props.claims as string[] | undefined) ?? [];
  const kept = sources.flatMap((source, index) => (seen(source, index) ? [index] : []));
  const sets: ClaimSet[] = kept.map((index) => {
    const claim = JSON.parse(claims[index] ?? '{}') as StoredClaim;
    return {
      source: sources[index] as string,
      sourceDate: dates[index] ?? '',
      ...(claim.asOf ? { asOf: claim.asOf } : {}),
      section: claim.section,
      quote: claim.quote,
      props: claim.qualifiers ?? {},
      ranks: claim.ranks ?? {},
    };
  });
  const pick = <V>(list: V[]) => kept.map((index) => list[index] as V);
  // relationProps gives the values as the loader writes them (driver Integers and dates): plain here,
  // as a read gives them.
  const shown = toPlain(
    relationProps(String(props.id), resolveClaims(sets), pick(sources), pick(claims)),
  ) as Record<string, unknown>;
  const rest = Object.fromEntries(Object.entries(props).filter(([key]) => keptKeys.has(key)));
  return { ...relation, props: { ...rest, ...shown, sourceDates: pick(dates) } };
}

/** What a relationship keeps of its stored properties when its qualifiers are resolved again. */
const keptKeys = new Set(['outranked', 'firstKnown', 'lastKnown']);

interface StoredClaim {
  section: string;
  quote: string;
  qualifiers?: Record<string, unknown>;
  ranks?: Record<string, Rank>;
  asOf?: string;
}
