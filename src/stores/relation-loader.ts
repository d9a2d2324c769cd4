import DataLoader from 'dataloader';
import type { Row } from '../db/database.ts';
import type { ReadScope, SourceView } from './as-of.ts';
import { citationProjection, relationMatch, relationRecord } from './cypher.ts';
import { decodeCursor } from './paging.ts';
import {
  parseCitationRow,
  parseList,
  parseRelation,
  type RelationPage,
  type RelationQuery,
  type RelationSelection,
  type SourceCitation,
} from './records.ts';

/** A relation question asked of many parents: its pattern (validated names only) and its page. */
export interface RelationSpec {
  pattern: string;
  after: string | null;
  first: number;
  withCount: boolean;
  /** Of the relationships and their far ends; all as of a day, which re-resolves them (stores/as-of.ts). */
  select: RelationSelection;
}

const all: RelationSelection = { edge: 'all', node: 'all' };

export const isString = (value: unknown): value is string => typeof value === 'string';

export function specOf(query: RelationQuery, view: SourceView | null): RelationSpec {
  return {
    pattern: relationMatch(query, 'n', 'r', 'm', view),
    after: decodeCursor(query.after, isString),
    first: query.first,
    withCount: query.withCount,
    select: view ? all : (query.select ?? all),
  };
}

/** A page from the relations fetched for it (one more than the page size, if there are more). */
export function toPage(relations: unknown, spec: RelationSpec, totalCount: unknown): RelationPage {
  const all = parseList(relations, parseRelation, 'relations');
  return {
    relations: all.slice(0, spec.first),
    hasNextPage: all.length > spec.first,
    totalCount: spec.withCount ? ((totalCount as number | undefined) ?? 0) : null,
  };
}

/** One question of a tick about an entity: a page of its relations, or its citations alone. */
type Ask = { id: string; spec: RelationSpec } | { id: string; spec: 'citations' };

const relationBranch = (spec: RelationSpec, index: number) => `
      UNWIND $ids${index} AS id
      MATCH (n:Entity {id: id})
      CALL (n) {
        MATCH ${spec.pattern}
        WHERE $after${index} IS NULL OR r.id > $after${index}
        RETURN r, m ORDER BY r.id LIMIT $limit${index}
      }
      WITH id, n, collect(${relationRecord('n', 'r', 'm', spec.select)}) AS relations
      RETURN ${index} AS spec, id, relations,
        CASE WHEN $withCount${index} THEN COUNT { ${spec.pattern} } END AS totalCount`;

const citationBranch = (view: SourceView | null) => `
      UNWIND $citationIds AS id
      MATCH (n:Entity {id: id})
      RETURN -1 AS spec, id, ${citationProjection('n', view)} AS relations, null AS totalCount`;

/**
 * One query for every question of this tick: a UNION branch per distinct relation question, each
 * over all the parents that asked it, and one for the citations asked. Typed fields side by side at
 * one level, and a search's hits with their relations and quotes, cost one round trip.
 */
function tickQuery(specs: RelationSpec[], citations: boolean, view: SourceView | null) {
  const branches = [...specs.map(relationBranch), ...(citations ? [citationBranch(view)] : [])];
  const name = !citations ? 'relations' : specs.length ? 'relationsAndCitations' : 'citations';
  return {
    name: `entities.${name}`,
    cypher: `CALL () {${branches.join('\n      UNION ALL')}\n}\nRETURN spec, id, relations, totalCount`,
  };
}

/**
 * Relations and citations of entities, asked one by one by resolvers, fetched together: every
 * question of a tick in one query. `resolve` turns a batch's pages into what is shown (as of a day).
 */
export class RelationLoader {
  private readonly loader: DataLoader<Ask, RelationPage | SourceCitation[], string>;

  constructor(
    private readonly read: (
      query: { name: string; cypher: string },
      params: Record<string, unknown>,
    ) => Promise<Row[]>,
    /** Read at each question: the operation's moment is set after the store is made. */
    private readonly scope: ReadScope,
    private readonly resolve: (pages: RelationPage[]) => Promise<RelationPage[]>,
  ) {
    this.loader = new DataLoader((asks) => this.load(asks), {
      cacheKeyFn: (ask) => JSON.stringify([ask.spec, ask.id]),
    });
  }

  relations(id: string, query: RelationQuery): Promise<RelationPage> {
    return this.loader.load({ id, spec: specOf(query, this.scope.view) }) as Promise<RelationPage>;
  }

  /** In evidenceProjection's order, without the sources' properties and claims. */
  citations(id: string): Promise<SourceCitation[]> {
    return this.loader.load({ id, spec: 'citations' }) as Promise<SourceCitation[]>;
  }

  private async load(asks: readonly Ask[]): Promise<Array<RelationPage | SourceCitation[]>> {
    const groups = new Map<string, { spec: RelationSpec; ids: string[] }>();
    const citationIds: string[] = [];
    for (const { id, spec } of asks) {
      if (spec === 'citations') {
        citationIds.push(id);
        continue;
      }
      const key = JSON.stringify(spec);
      const group = groups.get(key) ?? { spec, ids: [] };
      group.ids.push(id);
      groups.set(key, group);
    }
    const specs = [...groups.values()];
    const params: Record<string, unknown> = { citationIds };
    specs.forEach(({ spec, ids }, index) => {
      Object.assign(params, {
        [`ids${index}`]: ids,
        [`after${index}`]: spec.after,
        [`limit${index}`]: spec.first + 1,
        [`withCount${index}`]: spec.withCount,
      });
    });
    const query = tickQuery(
      specs.map((group) => group.spec),
      citationIds.length > 0,
      this.scope.view,
    );
    const rows = await this.read(query, params);
    const found = new Map(rows.map((row) => [`${row.spec}|${row.id}`, row]));
    const indexOf = new Map([...groups.keys()].map((key, index) => [key, index]));
    const pageAsks = asks.filter(
      (ask): ask is { id: string; spec: RelationSpec } => ask.spec !== 'citations',
    );
    const pages = await this.resolve(
      pageAsks.map(({ id, spec }) => {
        const row = found.get(`${indexOf.get(JSON.stringify(spec))}|${id}`);
        return toPage(row?.relations, spec, row?.totalCount);
      }),
    );
    let page = 0;
    return asks.map(({ id, spec }) =>
      spec === 'citations'
        ? parseList(found.get(`-1|${id}`)?.relations, parseCitationRow, 'citations')
        : (pages[page++] as RelationPage),
    );
  }
}
