import DataLoader from 'dataloader';
import type { Database, Params, RoundTripCounter } from '../db/database.ts';
import {
  type Direction,
  decodeCursor,
  type EntityRecord,
  encodeCursor,
  entityMap,
  labelPattern,
  type RelationRecord,
  relationPattern,
  toEntity,
} from './records.ts';

export interface Citation {
  source: string;
  section: string | null;
  quote: string;
}

export interface RelationQuery {
  types?: readonly string[] | null;
  direction: Direction;
  /** Only neighbours with one of these labels. */
  nodeTypes?: readonly string[] | null;
  first: number;
  after?: string | null;
  withCount: boolean;
}

export interface RelationPage {
  relations: RelationRecord[];
  hasNextPage: boolean;
  totalCount: number | null;
}

const byIds = {
  name: 'entities.byIds',
  cypher: `
    UNWIND $ids AS id
    MATCH (n:Entity {id: id})
    RETURN ${entityMap('n')} AS entity`,
};

const citations = {
  name: 'entities.citations',
  cypher: `
    UNWIND $ids AS id
    MATCH (n:Entity {id: id})-[c:CITED_IN]->(s:Source)
    RETURN id, collect({source: s.id, section: c.section, quote: c.quote}) AS citations`,
};

const countsByType = {
  name: 'entities.countsByType',
  cypher: `
    MATCH (n:Entity)
    WITH [l IN labels(n) WHERE l <> 'Entity'][0] AS type, count(*) AS count
    RETURN type, count ORDER BY type`,
};

const arrows: Record<Direction, [string, string]> = { OUT: ['-', '->'], IN: ['<-', '-'], BOTH: ['-', '-'] };

/** One batched query for the relations of many entities; the pattern parts are validated names. */
function relationsQuery(query: RelationQuery) {
  const [left, right] = arrows[query.direction];
  const pattern = `(n)${left}[r${relationPattern(query.types)}]${right}(m${labelPattern(query.nodeTypes)})`;
  return {
    name: `entities.relations.${query.direction}`,
    cypher: `
      UNWIND $ids AS id
      MATCH (n:Entity {id: id})
      CALL (n) {
        MATCH ${pattern}
        WHERE $after IS NULL OR r.id > $after
        RETURN r, m ORDER BY r.id LIMIT $limit
      }
      WITH id, n, collect({
        id: r.id, type: type(r), direction: CASE WHEN startNode(r) = n THEN 'OUT' ELSE 'IN' END,
        props: properties(r), node: ${entityMap('m')}
      }) AS relations
      RETURN id, relations, CASE WHEN $withCount THEN COUNT { ${pattern} } END AS totalCount`,
  };
}

const isString = (value: unknown): value is string => typeof value === 'string';

/**
 * Reads entities and their relations. Every load goes through a DataLoader, so a field on a list
 * of parents costs one round trip, not one per parent.
 */
export class EntityStore {
  readonly byId: DataLoader<string, EntityRecord | null>;
  readonly citations: DataLoader<string, Citation[]>;
  private readonly relationLoaders = new Map<string, DataLoader<string, RelationPage>>();

  constructor(
    private readonly db: Database,
    private readonly roundTrips: RoundTripCounter,
  ) {
    this.byId = new DataLoader(async (ids) => {
      const rows = await this.read(byIds, { ids });
      const found = new Map(rows.map((row) => [toEntity(row.entity).id, toEntity(row.entity)]));
      return ids.map((id) => found.get(id) ?? null);
    });
    this.citations = new DataLoader(async (ids) => {
      const rows = await this.read(citations, { ids });
      const found = new Map(rows.map((row) => [row.id as string, row.citations as Citation[]]));
      return ids.map((id) => found.get(id) ?? []);
    });
  }

  /** Relations of `id`, batched with every other parent asking the same question in this tick. */
  relations(id: string, query: RelationQuery): Promise<RelationPage> {
    const cypher = relationsQuery(query);
    const after = decodeCursor(query.after, isString);
    const key = JSON.stringify([cypher.cypher, after, query.first, query.withCount]);
    let loader = this.relationLoaders.get(key);
    if (!loader) {
      loader = new DataLoader(async (ids) => {
        const params = { ids, after, limit: query.first + 1, withCount: query.withCount };
        const rows = await this.read(cypher, params);
        const found = new Map(rows.map((row) => [row.id as string, row]));
        return ids.map((parent) => {
          const row = found.get(parent);
          const all = (row?.relations ?? []) as Array<RelationRecord & { node: unknown }>;
          return {
            relations: all
              .slice(0, query.first)
              .map((relation) => ({ ...relation, node: toEntity(relation.node) })),
            hasNextPage: all.length > query.first,
            totalCount: query.withCount ? ((row?.totalCount as number | undefined) ?? 0) : null,
          };
        });
      });
      this.relationLoaders.set(key, loader);
    }
    return loader.load(id);
  }

  async countsByType(): Promise<Array<{ type: string; count: number }>> {
    const rows = await this.read(countsByType, {});
    return rows.map((row) => ({ type: row.type as string, count: row.count as number }));
  }

  read(query: { name: string; cypher: string }, params: Params) {
    return this.db.read(query, params, this.roundTrips);
  }
}

export const relationCursor = (relation: RelationRecord) => encodeCursor(relation.id);
