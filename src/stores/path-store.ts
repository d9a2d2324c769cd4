import type { OperationBudget } from '../db/budget.ts';
import type { Database, Params, Row } from '../db/database.ts';
import { badInput, notFound, quoted } from '../errors.ts';
import {
  andIf,
  noScope,
  type ReadScope,
  relationAsOf,
  type SourceView,
  viewParams,
  visibleEntity,
  visibleRelation,
  visibleSource,
  whereIf,
} from './as-of.ts';
import { edgeRecord, entityRecord, inWindow, relationPattern } from './cypher.ts';
import {
  allSubgraphProps,
  type DateWindow,
  type EdgeRecord,
  type EntityRecord,
  parseEdge,
  parseEntity,
  parseList,
  type SubgraphProps,
} from './records.ts';

export interface Path {
  length: number;
  nodes: EntityRecord[];
  edges: EdgeRecord[];
  /** The sources its relationships cite, each once, when the query asked for them (withSources). */
  sources: EntityRecord[];
}

export interface PathQuery {
  from: string;
  to: string;
  maxHops: number;
  types?: readonly string[] | null;
  window: DateWindow;
  /** Most paths, for the queries that return several. */
  limit?: number;
  /** Bring the cited sources too, when the provenance's `source` is selected. */
  withSources?: boolean;
  /** What to fetch of the entities and relationships on the path; default all. */
  props?: SubgraphProps;
}

/**
 * The longest path each search considers, checked in one place. A shortest path is one
 * breadth-first search that stops at the first hit; every shortest path, and simple paths even
 * more, grow exponentially with length, so they stop earlier.
 */
export const MAX_HOPS = { shortest: 10, allShortest: 6, simple: 6 } as const;

const simple = 'all(i IN range(0, size(nodes(p)) - 2) WHERE NOT nodes(p)[i] IN nodes(p)[i + 1..])';

/** The sources the relationships of `p` cite, once each, when $withSources; as of a moment, those known then. */
const pathSources = (p: string, view: SourceView | null = null) => `CASE WHEN $withSources THEN COLLECT {
    UNWIND relationships(${p}) AS cited
    UNWIND cited.sources AS sourceId
    MATCH (source:Entity:Source {id: sourceId})${whereIf(view, (v) => visibleSource('source', v))}
    RETURN DISTINCT ${entityRecord('source')} AS source
  } ELSE [] END`;

const pathNodes = (p: string, props = allSubgraphProps) =>
  `[n IN nodes(${p}) | ${entityRecord('n', props.nodes)}]`;
const pathEdges = (p: string, props = allSubgraphProps, view: SourceView | null = null) =>
  `[r IN relationships(${p}) | ${edgeRecord('r', props.edges, view)}]`;

const returnPath = (p: string, props: SubgraphProps | undefined, view: SourceView | null) =>
  `${pathNodes(p, props)} AS nodes, ${pathEdges(p, props, view)} AS edges, ${pathSources(p, view)} AS sources`;

/** Paths between two entities: the shortest, every shortest, and simple paths shortest first. */
export class PathStore {
  constructor(
    private readonly db: Database,
    private readonly budget: OperationBudget,
    private readonly scope: ReadScope = noScope(),
  ) {}

  /** A relationship a path may take: in the window, and stated by a visible source when there is a view. */
  private along(r: string): string {
    return `${inWindow(r)}${andIf(this.scope.view, (v) => visibleRelation(r, v))}`;
  }

  /** The shortest path, or null when there is none within `maxHops`. */
  async shortest(query: PathQuery): Promise<Path | null> {
    checkHops(query.maxHops, MAX_HOPS.shortest);
    if (query.from === query.to) {
      const [entity] = await this.entities([query.from]);
      return { length: 0, nodes: [entity as EntityRecord], edges: [], sources: [] };
    }
    const [row] = await this.read(
      'shortestPath',
      `MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
       OPTIONAL MATCH p = shortestPath((a)-[${relationPattern(query.types)}*..${query.maxHops}]-(b))
       WHERE all(r IN relationships(p) WHERE ${this.along('r')})
       RETURN p IS NOT NULL AS found, CASE WHEN p IS NULL THEN [] ELSE ${pathNodes('p', query.props)} END AS nodes,
         CASE WHEN p IS NULL THEN [] ELSE ${pathEdges('p', query.props, this.scope.view)} END AS edges,
         CASE WHEN p IS NULL THEN [] ELSE ${pathSources('p', this.scope.view)} END AS sources`,
      query,
    );
    if (!row) await this.entities([query.from, query.to]);
    return row?.found ? toPath(row, this.scope.view) : null;
  }

  /** Every shortest path between two entities (at most `limit`); [] when there is none. */
  allShortest(query: PathQuery): Promise<Path[]> {
    checkHops(query.maxHops, MAX_HOPS.allShortest);
    return this.several(
      'allShortestPaths',
      query,
      `MATCH p = allShortestPaths((a)-[${relationPattern(query.types)}*..${query.maxHops}]-(b))
       WHERE all(r IN relationships(p) WHERE ${this.along('r')})
       WITH p LIMIT $limit`,
    );
  }

  /** Simple paths (no entity twice), shortest first, ties in a stable order. */
  simple(query: PathQuery): Promise<Path[]> {
    checkHops(query.maxHops, MAX_HOPS.simple);
    return this.several(
      'paths',
      query,
      `MATCH p = (a)-[${relationPattern(query.types)}*1..${query.maxHops}]-(b)
       WHERE ${simple} AND all(r IN relationships(p) WHERE ${this.along('r')})
       WITH p, [r IN relationships(p) | r.id] AS key
       ORDER BY length(p), key
       LIMIT $limit`,
    );
  }

  private async several(name: string, query: PathQuery, match: string): Promise<Path[]> {
    await this.entities([query.from, query.to]);
    if (query.from === query.to) return [];
    const rows = await this.read(
      name,
      `MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
       ${match}
       RETURN ${returnPath('p', query.props, this.scope.view)}`,
      query,
    );
    return rows.map((row) => toPath(row, this.scope.view));
  }

  /** The entities of `ids`, in order; NOT_FOUND names the first that does not exist. */
  private async entities(ids: string[]): Promise<EntityRecord[]> {
    const rows = await this.db.read(
      {
        name: 'paths.ends',
        cypher: `UNWIND $ids AS id OPTIONAL MATCH (n:Entity {id: id})${whereIf(this.scope.view, (v) => visibleEntity('n', v))} RETURN id, CASE WHEN n IS NULL THEN null ELSE ${entityRecord('n')} END AS entity`,
      },
      { ids, ...viewParams(this.scope.view) },
      this.budget,
    );
    return rows.map((row) => {
      if (!row.entity) throw notFound(`No entity with id ${quoted(String(row.id))}`);
      return parseEntity(row.entity);
    });
  }

  private read(name: string, cypher: string, query: PathQuery): Promise<Row[]> {
    const params: Params = {
      from: query.from,
      to: query.to,
      limit: query.limit ?? 1,
      windowFrom: query.window.from ?? null,
      windowTo: query.window.to ?? null,
      withSources: query.withSources ?? false,
      ...viewParams(this.scope.view),
    };
    return this.db.read({ name: `paths.${name}`, cypher }, params, this.budget);
  }
}

/** The one validator of path lengths. */
export function checkHops(maxHops: number, max: number): void {
  if (!Number.isInteger(maxHops) || maxHops < 1 || maxHops > max) {
    throw badInput(`maxHops must be between 1 and ${max}`);
  }
}

/** A path's row; as of a moment, its relationships' qualifiers are those of then. */
function toPath(row: Row, view: SourceView | null): Path {
  const edges = parseList(row.edges, parseEdge, 'path.edges').map((edge) => relationAsOf(edge, view));
  return {
    length: edges.length,
    nodes: parseList(row.nodes, parseEntity, 'path.nodes'),
    edges,
    sources: parseList(row.sources, parseEntity, 'path.sources'),
  };
}
