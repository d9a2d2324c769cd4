import { isIsoDate } from '../dates.ts';
import type { OperationBudget } from '../db/budget.ts';
import type { Database } from '../db/database.ts';
import { badInput, quoted } from '../errors.ts';
import {
  claimSetsColumn,
  claimSetsOf,
  noScope,
  type ReadScope,
  resolveTreeAsOf,
  type SourceView,
  viewParams,
  visibleEntity,
} from './as-of.ts';
import { entityRecord, labelPattern, nestedProjection } from './cypher.ts';
import { totalOn } from './day-counts.ts';
import { decodeCursor, encodeCursor } from './paging.ts';
import { type EntityRecord, type NestedPlan, type PropSelection, parseNestedEntity } from './records.ts';

export type SortField = 'NAME' | 'DATE' | 'ID';
export type SortOrder = 'ASC' | 'DESC';

export interface ListFilter {
  nameContains?: string | null;
  kind?: string | null;
  /** Inclusive bounds on the entity's date (a meeting's start, an agreement's date, a project's year). */
  from?: string | null;
  to?: string | null;
  /** Connected to this entity by any relationship. */
  relatedTo?: string | null;
  /** Connected to this country (id or ISO code). */
  country?: string | null;
  /** A project's, approval's or work plan's year (index-backed). */
  year?: number | null;
  /** Cited by this source. */
  source?: string | null;
}

export interface ListQuery {
  types?: readonly string[] | null;
  filter: ListFilter;
  sort: SortField;
  order: SortOrder;
  first: number;
  after?: string | null;
  withCount: boolean;
  /** False when only the total was selected: then only the count is queried. */
  withPage: boolean;
  /** The properties selected on the entities, and the typed fields planned below them. */
  props?: PropSelection;
  nested?: NestedPlan[];
}

export interface ListPage {
  entities: Array<{ entity: EntityRecord; cursor: string }>;
  hasNextPage: boolean;
  totalCount: Promise<number> | null;
}

/** The date an entity is "at", for date filters and sorting; years count as 1 January. */
const when = `coalesce(n.startDate, n.date,
  CASE WHEN coalesce(n.year, n.startYear, n.asOfYear) IS NULL THEN null
       ELSE date({year: coalesce(n.year, n.startYear, n.asOfYear)}) END)`;

/**
 * The WHERE conditions of the filters that were given, and only those: a condition like
 * `$year IS NULL OR n.year = $year` would keep the planner from using the index on `year`. Sources
 * are left out of lists of any type; a list of given types has only those.
 */
function conditions(query: ListQuery, params: FilterParams, view: SourceView | null): string {
  const given: Record<keyof FilterParams, string> = {
    nameContains: `(toLower(n.name) CONTAINS $nameContains
      OR toLower(coalesce(n.nameTh, '')) CONTAINS $nameContains
      OR any(alias IN coalesce(n.aliases, []) WHERE toLower(alias) CONTAINS $nameContains))`,
    kind: 'n.kind = $kind',
    year: 'n.year = $year',
    from: `${when} >= date($from)`,
    to: `${when} <= date($to)`,
    relatedTo: `EXISTS { (n)-[r]-(:Entity {id: $relatedTo}) WHERE type(r) <> 'CITED_IN' }`,
    source: 'EXISTS { (n)-[:CITED_IN]->(:Source {id: $source}) }',
    country: `(EXISTS { (n)-[r]-(c:Country) WHERE type(r) <> 'CITED_IN' AND (c.id = $country OR c.iso2 = toUpper($country)) }
      OR (n:Country AND (n.id = $country OR n.iso2 = toUpper($country))))`,
  };
  const keys = Object.keys(given) as Array<keyof FilterParams>;
  const all = [
    ...(query.types?.length ? [] : ['NOT n:Source']),
    ...keys.filter((key) => params[key] !== null).map((key) => given[key]),
    ...(view ? [visibleEntity('n', view)] : []),
  ];
  return all.length ? all.join('\n    AND ') : 'true';
}

/** Sort keys never null, so keyset comparisons hold: missing dates sort last. */
const sortKeys: Record<SortField, string> = {
  NAME: 'n.nameKey',
  DATE: `coalesce(${when}, date('9999-12-31'))`,
  ID: 'n.id',
};

type Cursor = [string, string];
const isCursor = (value: unknown): value is Cursor =>
  Array.isArray(value) && value.length === 2 && value.every((part) => typeof part === 'string');

function listQuery(query: ListQuery, params: FilterParams, cursor: Cursor | null, view: SourceView | null) {
  const key = sortKeys[query.sort];
  const cursorKey = query.sort === 'DATE' ? 'date($afterKey)' : '$afterKey';
  const [gt, dir] = query.order === 'ASC' ? ['>', 'ASC'] : ['<', 'DESC'];
  // By name, the entities are read in the order of an index on nameKey, or on (year, nameKey) when
  // the year is fixed: no sort, and a later page seeks to its cursor instead of scanning up to it.
  const byName = query.sort === 'NAME';
  const where = [
    conditions(query, params, view),
    ...(byName ? ['n.nameKey IS NOT NULL'] : []),
    ...(byName && cursor ? [`n.nameKey ${gt}= $afterKey`] : []),
  ].join('\n    AND ');
  const order = [
    ...(byName && params.year !== null ? [`n.year ${dir}`] : []),
    `sortKey ${dir}`,
    `n.id ${dir}`,
  ];
  // The total, when asked for, comes in the same round trip as the page (and counts every page).
  const total = query.withCount
    ? `CALL () { MATCH (n${labelPattern(query.types)}) WHERE ${conditions(query, params, view)} RETURN count(n) AS total }`
    : 'WITH null AS total';
  return {
    name: `entities.list.${query.sort}.${query.order}`,
    cypher: `
      ${total}
      MATCH (n${labelPattern(query.types)})
      WHERE ${where}
      WITH total, n, ${key} AS sortKey
      WHERE $afterKey IS NULL OR sortKey ${gt} ${cursorKey} OR (sortKey = ${cursorKey} AND n.id ${gt} $afterId)
      WITH total, n, sortKey ORDER BY ${order.join(', ')} LIMIT $limit
      RETURN ${entityRecord('n', query.props, view)} AS entity, toString(sortKey) AS cursorKey, total,
        ${nestedProjection('n', query.nested ?? [], 0, view)} AS nested${claimSetsColumn('n', view)}`,
  };
}

function countQuery(query: ListQuery, params: FilterParams, view: SourceView | null) {
  return {
    name: 'entities.count',
    cypher: `MATCH (n${labelPattern(query.types)}) WHERE ${conditions(query, params, view)} RETURN count(n) AS count`,
  };
}

/** Filtered, sorted lists with keyset pagination; the total is counted only when asked for. */
export class ListStore {
  constructor(
    private readonly db: Database,
    private readonly budget: OperationBudget,
    private readonly scope: ReadScope = noScope(),
  ) {}

  async list(asked: ListQuery): Promise<ListPage> {
    const cursor = decodeCursor(asked.after, isCursor);
    const filters = filterParams(asked.filter);
    const params = { ...filters, ...viewParams(this.scope.view) };
    // As of a day, the total of a list without filters is summed from the day counts, not counted.
    const tabled = asked.withCount ? await this.tabledTotal(asked.types, filters) : null;
    const query = tabled === null ? asked : { ...asked, withCount: false };
    if (!query.withPage) {
      return { entities: [], hasNextPage: false, totalCount: this.total(query, params, tabled) };
    }
    const rows = await this.db.read(
      listQuery(query, params, cursor, this.scope.view),
      { ...params, afterKey: cursor?.[0] ?? null, afterId: cursor?.[1] ?? null, limit: query.first + 1 },
      this.budget,
    );
    const totalCount = this.total(query, params, tabled, { rows, cursor });
    const shown = rows.slice(0, query.first);
    const parsed = shown.map((row) => parseNestedEntity(row.entity, row.nested, query.nested ?? []));
    const known = claimSetsOf(
      parsed.map((entity, index) => ({ id: entity.id, sets: shown[index]?.asOfSets })),
    );
    const entities = await resolveTreeAsOf(this.db, this.scope.view, parsed, this.budget, known);
    const page = entities.map((entity, index) => ({
      entity,
      cursor: encodeCursor([shown[index]?.cursorKey, entity.id]),
    }));
    return {
      entities: page,
      hasNextPage: rows.length > query.first,
      totalCount,
    };
  }

  /**
   * As of a day, with the day counts at hand, the total of a list without filters (types alone):
   * null otherwise, and then it is counted in Cypher.
   */
  private async tabledTotal(types: ListQuery['types'], filters: FilterParams): Promise<number | null> {
    const { view, dayCounts } = this.scope;
    if (!view || view.sources || !dayCounts || Object.values(filters).some((value) => value !== null))
      return null;
    labelPattern(types); // unknown types are refused as the query would refuse them
    const table = await dayCounts.table();
    return table && totalOn(table, view.asOf, types);
  }

  /**
   * The list's total, if asked: summed from the day counts, carried by the page's rows, or counted on
   * its own when there is no page or an empty one past the start (it carries none).
   */
  private total(
    query: ListQuery,
    params: FilterParams,
    tabled: number | null,
    page?: { rows: Array<Record<string, unknown>>; cursor: unknown },
  ): Promise<number> | null {
    if (tabled !== null) return Promise.resolve(tabled);
    if (!query.withCount) return null;
    if (page && (page.rows.length || !page.cursor))
      return Promise.resolve((page.rows[0]?.total as number | undefined) ?? 0);
    return this.count(query, params);
  }

  private async count(query: ListQuery, params: FilterParams): Promise<number> {
    const rows = await this.db.read(countQuery(query, params, this.scope.view), params, this.budget);
    return rows[0]?.count as number;
  }
}

type FilterParams = ReturnType<typeof filterParams>;

function filterParams(filter: ListFilter) {
  for (const bound of [filter.from, filter.to]) {
    if (bound && !isIsoDate(bound)) throw badInput(`Dates must be YYYY-MM-DD, got ${quoted(bound)}`);
  }
  return {
    nameContains: filter.nameContains ? filter.nameContains.toLowerCase() : null,
    kind: filter.kind ?? null,
    from: filter.from ?? null,
    to: filter.to ?? null,
    relatedTo: filter.relatedTo ?? null,
    country: filter.country ?? null,
    year: filter.year ?? null,
    source: filter.source ?? null,
  };
}
