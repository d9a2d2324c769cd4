import type { OperationBudget } from '../db/budget.ts';
import type { Database } from '../db/database.ts';
import { type ClaimSet, resolveClaims } from '../model/claims.ts';
import { isEntityType, propsOf } from '../model/ontology.ts';
import { parseStoredClaimSet, toCents } from '../model/stored.ts';
import type { EntityRecord } from './records.ts';

/**
 * Reads "as of" a day or a release (docs/design/as-of.md): the one place that turns `asOf` into the
 * sources visible, and the Cypher conditions every store adds when there is a view. A claim's own
 * `asOf` is never later than its source's date (the validator refuses it), so a source dated on or
 * before the day brings only claims that describe it.
 *
 * Without a view, nothing is added to any query: a read without `asOf` is the read it was.
 */
export interface SourceView {
  /** The day asked for, ISO; for a release, the day it was recorded. */
  asOf: string;
  /** The ids of the sources visible then. */
  sources: string[];
}

/** The view of one operation, set before it executes (src/as-of-plugin.ts); null for the graph now. */
export interface ReadScope {
  view: SourceView | null;
}

export const noScope = (): ReadScope => ({ view: null });

/** The relationship `r` is stated by a visible source. Its ends then are too: a source cites both. */
export const visibleRelation = (r: string) => `any(vs IN ${r}.sources WHERE vs IN $visible)`;

/** The entity `n` is cited by a visible source, or is one. */
export const visibleEntity = (n: string) =>
  `(EXISTS { (${n})-[:CITED_IN]->(vs:Source) WHERE vs.id IN $visible } OR (${n}:Source AND ${n}.id IN $visible))`;

/** ` AND <condition>` with a view, nothing without: query text without asOf stays the same. */
export const andIf = (view: SourceView | null, condition: string) => (view ? ` AND ${condition}` : '');

/** The parameter the conditions read; empty without a view. */
export const viewParams = (view: SourceView | null) => (view ? { visible: view.sources } : {});

const visibleSourcesQuery = {
  name: 'asOf.visibleSources',
  cypher: `
    MATCH (s:Source)
    RETURN [source IN collect(s) WHERE source.date <= date($asOf) | source.id] AS sources, count(s) AS total`,
};

/**
 * The sources dated on or before `asOf`; null when that is every source, so the read is the read
 * now, without the conditions (counts then come from the count store, not a scan: bench/asof.ts).
 */
export async function sourcesAsOf(
  db: Database,
  asOf: string,
  budget?: OperationBudget,
): Promise<SourceView | null> {
  const [row] = await db.read(visibleSourcesQuery, { asOf }, budget);
  const sources = (row?.sources as string[] | undefined) ?? [];
  return sources.length > 0 && sources.length === Number(row?.total) ? null : { asOf, sources };
}

const claimSetsQuery = {
  name: 'asOf.claimSets',
  cypher: `
    UNWIND $ids AS id
    MATCH (n:Entity {id: id})-[c:CITED_IN]->(s:Source)
    WITH id, collect({source: s.id, date: s.date, section: c.section, quote: c.quote, claims: c.claims,
      visible: s.id IN $visible}) AS sets
    WHERE any(set IN sets WHERE NOT set.visible)
    RETURN id, [set IN sets WHERE set.visible AND set.claims IS NOT NULL] AS sets`,
};

/**
 * The entities with the values their visible sources give, resolved by the rule of
 * src/model/claims.ts. Only those some source of which is not visible are read again (one round
 * trip for all); the others' stored values are already the ones shown.
 */
export async function resolveAsOf<T extends EntityRecord | null>(
  db: Database,
  view: SourceView | null,
  entities: T[],
  budget?: OperationBudget,
): Promise<T[]> {
  const ids = entities.filter((entity) => entity && entity.type !== 'Source').map((entity) => entity?.id);
  if (!view || !ids.length) return entities;
  const rows = await db.read(claimSetsQuery, { ids, visible: view.sources }, budget);
  const sets = new Map(
    rows.map((row) => [
      row.id as string,
      (row.sets as Array<Record<string, unknown>>).map(parseStoredClaimSet),
    ]),
  );
  return entities.map((entity) => {
    const visible = entity && sets.get(entity.id);
    return entity && visible ? ({ ...entity, props: valuesOf(entity, visible) } as T) : entity;
  });
}

/** The record's properties with the values of `sets` in place of those shown now. */
function valuesOf(entity: EntityRecord, sets: ClaimSet[]): Record<string, unknown> {
  const kinds = isEntityType(entity.type) ? propsOf(entity.type) : {};
  const resolved = resolveClaims(sets);
  const props: Record<string, unknown> = { id: entity.id };
  // Keys that are not claims (search keys, the sort key) are kept; claimed ones come from `sets`.
  const claimed = (key: string) => key in kinds || kinds[key.replace(/Cents$/, '')] === 'decimal';
  for (const [key, value] of Object.entries(entity.props)) if (!claimed(key)) props[key] = value;
  delete props.conflicts;
  for (const [key, value] of Object.entries(resolved.props)) {
    props[key] = value;
    if (kinds[key] === 'decimal') props[`${key}Cents`] = toCents(value as string);
  }
  if (resolved.conflicts.length) props.conflicts = resolved.conflicts;
  return props;
}
