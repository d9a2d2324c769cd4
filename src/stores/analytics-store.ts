import type { OperationBudget } from '../db/budget.ts';
import type { Database, Params, Row } from '../db/database.ts';
import { badInput, notFound, quoted } from '../errors.ts';
import type { ClaimSet } from '../model/claims.ts';
import { relationTypes } from '../model/ontology.ts';
import {
  andIf,
  claimSetsOf,
  laterSetsColumn,
  laterThan,
  noScope,
  type ReadScope,
  relationAsOf,
  resolveAsOf,
  viewParams,
  visibleEntity,
  visibleRelation,
  whereIf,
} from './as-of.ts';
import { edgeRecord, entityRecord, labelPattern, relationPattern } from './cypher.ts';
import {
  type FundingItem,
  fundingColumnsAsOf,
  fundingItemsAsOf,
  type StatedTotal,
  statedTotalsAsOf,
} from './funding-as-of.ts';
import {
  type DateWindow,
  type EdgeRecord,
  type EntityRecord,
  parseEdge,
  parseEntity,
  parseList,
} from './records.ts';

export interface CommonConnection {
  entity: EntityRecord;
  fromA: EdgeRecord[];
  fromB: EdgeRecord[];
}

export interface Similar {
  entity: EntityRecord;
  shared: number;
  union: number;
  jaccard: number;
}

export type FundingGroupBy = 'FUND' | 'RECIPIENT' | 'YEAR' | 'TOPIC';

export interface TimelineEvent {
  date: string;
  endDate: string | null;
  kind: string;
  entity: EntityRecord | null;
  edge: EdgeRecord | null;
  entities: EntityRecord[];
}

export interface Cooccurrence {
  a: EntityRecord;
  b: EntityRecord;
  count: number;
  via: EntityRecord[];
}

export interface Projection {
  nodes: Array<{ id: string }>;
  edges: Array<{ from: string; to: string }>;
}

/** The kinds of the timeline's events, as its query names them. */
const timelineKinds = ['MEETING', 'PLANNED_MEETING', 'Agreement', 'Source', ...Object.keys(relationTypes)];

/** Analytics computed in Cypher: interlocks, similarity, money, time and topic co-occurrence. */
export class AnalyticsStore {
  constructor(
    private readonly db: Database,
    private readonly budget: OperationBudget,
    private readonly scope: ReadScope = noScope(),
  ) {}

  private read(name: string, cypher: string, params: Params = {}, shared = false) {
    const all = { ...params, ...viewParams(this.scope.view) };
    return this.db.read({ name: `analytics.${name}`, cypher, shared }, all, this.budget);
  }

  /** ` AND` the entity `n` exists at the operation's moment; nothing for the graph now. */
  private entityThen(n: string): string {
    return andIf(this.scope.view, (v) => visibleEntity(n, v));
  }

  /** ` AND` the relationship `r` is stated by then; nothing for the graph now. */
  private relationThen(r: string): string {
    return andIf(this.scope.view, (v) => visibleRelation(r, v));
  }

  private async requireEntities(...ids: string[]): Promise<void> {
    const rows = await this.read(
      'exists',
      `UNWIND $ids AS id MATCH (n:Entity {id: id})${whereIf(this.scope.view, (v) => visibleEntity('n', v))} RETURN collect(n.id) AS found`,
      { ids },
    );
    const found = new Set((rows[0]?.found as string[] | undefined) ?? []);
    const missing = ids.find((id) => !found.has(id));
    if (missing) throw notFound(`No entity with id ${quoted(missing)}`);
  }

  /** Entities linked to both a and b, with the relationships on each side. */
  async commonConnections(
    a: string,
    b: string,
    types: readonly string[] | null | undefined,
  ): Promise<CommonConnection[]> {
    await this.requireEntities(a, b);
    const pattern = relationPattern(types);
    const rows = await this.read(
      'commonConnections',
      `MATCH (a:Entity {id: $a})-[ra${pattern}]-(m:Entity)-[rb${pattern}]-(b:Entity {id: $b})
       WHERE m <> a AND m <> b${this.relationThen('ra')}${this.relationThen('rb')}
       WITH m, collect(DISTINCT ${edgeRecord('ra')}) AS fromA, collect(DISTINCT ${edgeRecord('rb')}) AS fromB
       RETURN ${entityRecord('m')} AS entity, fromA, fromB
       ORDER BY m.id`,
      { a, b },
    );
    // As of a moment, the entities' values and the relationships' qualifiers and provenance of then.
    const view = this.scope.view;
    const edges = (list: unknown, name: string) =>
      parseList(list, parseEdge, name).map((edge) => relationAsOf(edge, view));
    const entities = await this.entitiesAsOf(rows.map((row) => parseEntity(row.entity)));
    return rows.map((row, index) => ({
      entity: entities[index] as EntityRecord,
      fromA: edges(row.fromA, 'fromA'),
      fromB: edges(row.fromB, 'fromB'),
    }));
  }

  /** Entities with the values of the view's moment (src/stores/as-of.ts); as they are without one. */
  private entitiesAsOf(entities: EntityRecord[]): Promise<EntityRecord[]> {
    return resolveAsOf(this.db, this.scope.view, entities, this.budget);
  }

  /** Entities whose neighbour sets overlap most with this one's (Jaccard), best first. */
  async similarEntities(
    id: string,
    types: readonly string[] | null | undefined,
    top: number,
  ): Promise<Similar[]> {
    await this.requireEntities(id);
    const pattern = relationPattern(types);
    // As of a moment, every relationship counted is one stated by then (its ends exist then too);
    // without one, the query text is the one it was.
    const view = this.scope.view;
    const [r1, r2, r3] = view ? ['r1', 'r2', 'r3'] : ['', '', ''];
    const rows = await this.read(
      'similarEntities',
      `MATCH (a:Entity {id: $id})-[${r1}${pattern}]-(m:Entity)${whereIf(view, (v) => visibleRelation('r1', v))}
       WITH a, collect(DISTINCT m) AS mine
       UNWIND mine AS m
       MATCH (m)-[${r2}${pattern}]-(c:Entity) WHERE c <> a${this.relationThen('r2')}
       WITH a, mine, c, count(DISTINCT m) AS shared
       MATCH (c)-[${r3}${pattern}]-(x:Entity)${whereIf(view, (v) => visibleRelation('r3', v))}
       WITH mine, c, shared, count(DISTINCT x) AS theirs
       WITH c, shared, size(mine) + theirs - shared AS union
       RETURN ${entityRecord('c')} AS entity, shared, union, toFloat(shared) / union AS jaccard
       ORDER BY jaccard DESC, c.id
       LIMIT $top`,
      { id, top },
    );
    const entities = await this.entitiesAsOf(rows.map((row) => parseEntity(row.entity)));
    return rows.map((row, index) => ({
      entity: entities[index] as EntityRecord,
      shared: row.shared as number,
      union: row.union as number,
      jaccard: row.jaccard as number,
    }));
  }

  /** Itemised project amounts by group, summed exactly in cents. */
  async fundingItems(groupBy: FundingGroupBy, withProjects = true): Promise<FundingItem[]> {
    const view = this.scope.view;
    const linked = whereIf(view, (v) => visibleRelation('gr', v));
    const group: Record<FundingGroupBy, string> = {
      FUND: `OPTIONAL MATCH (p)-[gr:FUNDED_BY]->(g:Fund)${linked} WITH p, g, g.id AS key`,
      RECIPIENT: `OPTIONAL MATCH (p)-[gr:AWARDED_TO]->(g:Entity)${linked} WITH p, g, g.id AS key`,
      YEAR: 'WITH p, null AS g, toString(p.year) AS key',
      TOPIC: `OPTIONAL MATCH (p)-[gr:ADDRESSES]->(g:Topic)${linked} WITH p, g, g.id AS key`,
    };
    const then = view ? fundingColumnsAsOf(view, withProjects) : null;
    const rows = await this.read(
      `funding.${groupBy}`,
      `MATCH (p:Project) WHERE p.amountCents IS NOT NULL${this.entityThen('p')}
       ${group[groupBy]}
       WITH key, g, coalesce(p.currency, 'USD') AS currency, ${then?.projects ?? 'collect(p) AS projects'}${then?.aggregates ?? ''}${then?.call ?? ''}
       RETURN coalesce(key, 'unassigned') AS key, currency, CASE WHEN g IS NULL THEN null ELSE ${entityRecord('g')} END AS grp,
         ${then?.sums ?? 'reduce(total = 0, p IN projects | total + p.amountCents) AS cents, size(projects) AS count'},
         CASE WHEN $withProjects THEN [p IN projects | ${entityRecord('p')}] ELSE [] END AS projects${then?.columns ?? ''}
       ORDER BY key, currency`,
      { withProjects },
    );
    const items = rows.map((row) => ({
      key: row.key as string,
      currency: row.currency as string,
      group: row.grp ? parseEntity(row.grp) : null,
      cents: row.cents as number,
      count: row.count as number,
      projects: parseList(row.projects, parseEntity, 'projects').sort((x, y) => x.id.localeCompare(y.id)),
      // As of a moment, the projects whose amounts a source not visible claims: summed again.
      later: view ? parseList(row.later, parseEntity, 'later') : [],
    }));
    if (view) {
      const known = knownSets(rows, ['laterSets']);
      return fundingItemsAsOf(this.db, view, items, withProjects, this.budget, groupBy === 'YEAR', known);
    }
    return items.map(({ later: _, ...item }) => item);
  }

  /** Totals the source states (a fund's yearly approval, a recipient's allocation) with what it itemises. */
  async statedTotals(groupBy: FundingGroupBy): Promise<StatedTotal[]> {
    const view = this.scope.view;
    const key: Record<FundingGroupBy, string> = {
      FUND: 'head([(s)-[:FUNDED_BY]->(f:Fund) | f.id])',
      RECIPIENT: 'head([(s)-[:AWARDED_TO]->(c) | c.id])',
      // An allocation's total spans years, so only yearly approvals count for YEAR.
      YEAR: 'toString(s.year)',
      TOPIC: 'null',
    };
    const rows = await this.read(
      `funding.stated.${groupBy}`,
      `MATCH (s:FundApproval|FundAllocation) WHERE s.amountCents IS NOT NULL${this.entityThen('s')}
       WITH s, ${key[groupBy]} AS key WHERE key IS NOT NULL
       OPTIONAL MATCH (s)-[${view ? 'inc' : ''}:INCLUDES]->(p:Project)${whereIf(view, (v) => `${visibleRelation('inc', v)} AND ${visibleEntity('p', v)}`)}
       WITH s, key, collect(DISTINCT p) AS items
       RETURN key, ${entityRecord('s')} AS aggregate, s.amountCents AS stated, s.projectCount AS statedCount,
         reduce(total = 0, p IN items | total + coalesce(p.amountCents, 0)) AS itemised, size(items) AS itemisedCount${
           view ? `, [p IN items WHERE ${laterThan('p', view)} | ${entityRecord('p')}] AS later` : ''
         }${laterSetsColumn('items', 'laterSets', view)}${laterSetsColumn('[s]', 'ownSets', view)}
       ORDER BY key, s.id`,
    );
    const totals = rows.map((row) => ({
      key: row.key as string,
      aggregate: parseEntity(row.aggregate),
      statedCents: row.stated as number,
      statedCount: (row.statedCount as number | null) ?? null,
      itemisedCents: row.itemised as number,
      itemisedCount: row.itemisedCount as number,
      later: view ? parseList(row.later, parseEntity, 'later') : [],
    }));
    if (view)
      return statedTotalsAsOf(this.db, view, totals, this.budget, knownSets(rows, ['laterSets', 'ownSets']));
    return totals.map(({ later: _, ...total }) => total);
  }

  /** Dated events in order: meetings (held or planned), dated relationships, dated entities. */
  async timeline(window: DateWindow, kinds: readonly string[] | null | undefined): Promise<TimelineEvent[]> {
    const unknown = kinds?.filter((kind) => !timelineKinds.includes(kind)) ?? [];
    if (unknown.length)
      throw badInput(`Unknown event kind(s): ${unknown.map((kind) => quoted(kind)).join(', ')}`);
    const params = { ...windowParams(window), kinds: kinds?.length ? kinds : null };
    const rows = await this.read(
      'timeline',
      `CALL () {
         MATCH (m:Meeting) WHERE m.startDate IS NOT NULL${this.entityThen('m')}
         RETURN m.startDate AS date, m.endDate AS endDate,
           CASE WHEN m.status = 'planned' THEN 'PLANNED_MEETING' ELSE 'MEETING' END AS kind,
           m AS entity, null AS edge, [(m)-[:HOSTED_BY|MEETING_OF]->(x) | x] AS others
         UNION ALL
         MATCH (a:Entity)-[r]->(b:Entity) WHERE r.date IS NOT NULL${this.relationThen('r')}
         RETURN r.date AS date, null AS endDate, type(r) AS kind, null AS entity, r AS edge, [a, b] AS others
         UNION ALL
         MATCH (n:Agreement|Source) WHERE n.date IS NOT NULL${this.entityThen('n')}
         RETURN n.date AS date, null AS endDate, [l IN labels(n) WHERE l <> 'Entity'][0] AS kind,
           n AS entity, null AS edge, [] AS others
       }
       WITH *, coalesce(entity.id, edge.id) AS id WHERE ($windowFrom IS NULL OR coalesce(endDate, date) >= date($windowFrom))
         AND ($windowTo IS NULL OR date <= date($windowTo))
         AND ($kinds IS NULL OR kind IN $kinds)
       RETURN date, endDate, kind,
         CASE WHEN entity IS NULL THEN null ELSE ${entityRecord('entity')} END AS entity,
         CASE WHEN edge IS NULL THEN null ELSE ${edgeRecord('edge')} END AS edge,
         [x IN others | ${entityRecord('x')}] AS entities
       ORDER BY date, kind, id`,
      params,
    );
    return rows.map((row) => ({
      date: row.date as string,
      endDate: (row.endDate as string | null) ?? null,
      kind: row.kind as string,
      entity: row.entity ? parseEntity(row.entity) : null,
      edge: row.edge ? parseEdge(row.edge) : null,
      entities: parseList(row.entities, parseEntity, 'entities'),
    }));
  }

  /** Topic pairs named together by the same talk, document or other entity, most frequent first. */
  async topicCooccurrence(top: number): Promise<Cooccurrence[]> {
    const rows = await this.read(
      'topicCooccurrence',
      `MATCH (x:Entity)-[:DISCUSSED|ADDRESSES]->(a:Topic), (x)-[:DISCUSSED|ADDRESSES]->(b:Topic)
       WHERE a.id < b.id${this.entityThen('x')}
       WITH a, b, a.id AS aId, b.id AS bId, collect(DISTINCT x) AS via
       RETURN ${entityRecord('a')} AS a, ${entityRecord('b')} AS b, size(via) AS count,
         [x IN via | ${entityRecord('x')}] AS via
       ORDER BY count DESC, aId, bId
       LIMIT $top`,
      { top },
    );
    return rows.map((row) => ({
      a: parseEntity(row.a),
      b: parseEntity(row.b),
      count: row.count as number,
      via: parseList(row.via, parseEntity, 'via').sort((x, y) => x.id.localeCompare(y.id)),
    }));
  }

  /** A fingerprint of the loaded data; it changes whenever any source is loaded differently. */
  async dataVersion(): Promise<string> {
    const rows = await this.read(
      'version',
      'MATCH (s:Source) RETURN s.id + ":" + coalesce(s.hash, "") AS v ORDER BY v',
    );
    const version = rows.map((row) => row.v).join('|');
    // A projection as of a moment is another projection: the cache keys on the day or the sources visible.
    const view = this.scope.view;
    return view ? `${version}|asOf:${view.sources?.join(',') ?? view.asOf}` : version;
  }

  /** Nodes of the chosen types and the relationships among them, for the iterative algorithms. */
  async projection(
    nodeTypes: readonly string[] | null | undefined,
    types: readonly string[] | null | undefined,
  ): Promise<Projection> {
    const labels = labelPattern(nodeTypes);
    const rows = await this.read(
      'projection',
      `CALL () { MATCH (n${labels}) WHERE NOT n:Source${this.entityThen('n')} RETURN collect(n.id) AS nodes }
       CALL () {
         MATCH (a${labels})-[r${relationPattern(types)}]->(b${labels})
         WHERE NOT a:Source AND NOT b:Source${this.relationThen('r')}
         RETURN collect([a.id, b.id]) AS edges
       }
       RETURN nodes, edges`,
      {},
      true, // kept in the shared ProjectionCache, not answered
    );
    const row = rows[0] ?? { nodes: [], edges: [] };
    return {
      nodes: (row.nodes as string[]).map((id) => ({ id })),
      edges: (row.edges as Array<[string, string]>).map(([from, to]) => ({ from, to })),
    };
  }
}

/** Dates in a window are valid already: the Date scalar checked them. */
function windowParams(window: DateWindow) {
  return { windowFrom: window.from ?? null, windowTo: window.to ?? null };
}

/** The claim sets the columns `names` of laterSetsColumn brought, by entity id (none for a release). */
function knownSets(rows: Row[], names: string[]): Map<string, ClaimSet[]> {
  return claimSetsOf(
    rows.flatMap((row) =>
      names.flatMap((name) => (Array.isArray(row[name]) ? (row[name] as LaterSets) : [])),
    ),
  );
}

type LaterSets = Array<{ id: string; sets: unknown }>;
