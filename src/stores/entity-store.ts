import DataLoader from 'dataloader';
import type { OperationBudget } from '../db/budget.ts';
import type { Database, Params } from '../db/database.ts';
import type { ClaimSet } from '../model/claims.ts';
import {
  claimSetsColumn,
  claimSetsOf,
  noScope,
  type ReadScope,
  relationAsOf,
  resolveTreeAsOf,
  type SourceView,
  viewParams,
  visibleEntity,
  whereIf,
} from './as-of.ts';
import {
  entityRecord,
  evidenceProjection,
  nestedProjection,
  relationPattern,
  relationRecord,
} from './cypher.ts';
import { countsByTypeOn } from './day-counts.ts';
import { decodeCursor, encodeCursor } from './paging.ts';
import {
  type EntityRecord,
  type Evidence,
  type NestedPlan,
  type PropSelection,
  parseEntity,
  parseEvidence,
  parseNestedEntity,
  type RelationPage,
  type RelationQuery,
  type RelationRecord,
  type SourceCitation,
} from './records.ts';
import { isString, RelationLoader, toPage } from './relation-loader.ts';

/**
 * `asked` is an id as a client gave it; `id` the entity's, which differs when sameAs merged the
 * asked one into it (a Redirect, as Wikidata has).
 */
const canonicalId = `
    UNWIND $ids AS asked
    OPTIONAL MATCH (redirect:Redirect {id: asked})
    WITH asked, coalesce(redirect.target, asked) AS id`;

const byIds = (view: SourceView | null) => ({
  name: 'entities.byIds',
  cypher: `${canonicalId}
    MATCH (n:Entity {id: id})${whereIf(view, (v) => visibleEntity('n', v))}
    RETURN asked, ${entityRecord('n')} AS entity${claimSetsColumn('n', view)}`,
});

const canonicalIds = {
  name: 'entities.canonicalIds',
  cypher: `${canonicalId}
    RETURN asked, id`,
};

const evidence = (view: SourceView | null) => ({
  name: 'entities.evidence',
  cypher: `
    UNWIND $ids AS id
    MATCH (n:Entity {id: id})
    RETURN id, ${evidenceProjection('n', 0, view)} AS evidence`,
});

/** The relations a source states, each seen from its start: `node` is the end. */
const sourceRelations = (pattern: string) => ({
  name: 'entities.sourceRelations',
  cypher: `
    MATCH (:Source {id: $source})<-[:CITED_IN]-(a:Entity)-[r${pattern}]->(b:Entity)
    WHERE $source IN r.sources AND ($after IS NULL OR r.id > $after)
    WITH a, r, b ORDER BY r.id LIMIT $limit
    RETURN ${relationRecord('a', 'r', 'b')} AS relation`,
});

const sourceRelationCount = (pattern: string) => ({
  name: 'entities.sourceRelationCount',
  cypher: `
    MATCH (:Source {id: $source})<-[:CITED_IN]-(:Entity)-[r${pattern}]->(:Entity)
    WHERE $source IN r.sources
    RETURN count(r) AS count`,
});

const countsByType = (view: SourceView | null) => ({
  name: 'entities.countsByType',
  cypher: `
    MATCH (n:Entity)${whereIf(view, (v) => visibleEntity('n', v))}
    WITH [l IN labels(n) WHERE l <> 'Entity'][0] AS type, count(*) AS count
    RETURN type, count ORDER BY type`,
});

/**
 * Reads entities and their relations. Loads on demand go through DataLoaders, so a field on a
 * list of parents costs one round trip, not one per parent; loadNested fetches a root's entities
 * with the typed fields planned below them in one query.
 */
export class EntityStore {
  readonly byId: DataLoader<string, EntityRecord | null>;
  /** Where the sources name an entity, and what they claim of it: see evidenceOf. */
  private readonly evidence: DataLoader<string, Evidence>;
  /** The id an asked id resolves to: itself, or the entity sameAs merged it into. */
  readonly canonical: DataLoader<string, string>;
  /** Relations, and citations alone, of this tick's entities: one query for all. */
  private readonly relationLoader: RelationLoader;

  constructor(
    private readonly db: Database,
    private readonly budget: OperationBudget,
    private readonly scope: ReadScope = noScope(),
  ) {
    this.byId = new DataLoader(async (ids) => {
      const rows = await this.read(byIds(this.scope.view), { ids });
      const found = new Map(rows.map((row) => [row.asked as string, parseEntity(row.entity)]));
      const known = claimSetsOf(
        rows.map((row) => ({ id: found.get(row.asked as string)?.id ?? '', sets: row.asOfSets })),
      );
      return this.asOf(
        ids.map((id) => found.get(id) ?? null),
        known,
      );
    });
    this.canonical = new DataLoader(async (ids) => {
      const rows = await this.read(canonicalIds, { ids });
      const found = new Map(rows.map((row) => [row.asked as string, row.id as string]));
      return ids.map((id) => found.get(id) ?? id);
    });
    this.evidence = new DataLoader(async (ids) => {
      const rows = await this.read(evidence(this.scope.view), { ids });
      const found = new Map(rows.map((row) => [row.id as string, parseEvidence(row.evidence)]));
      return ids.map((id) => found.get(id) ?? parseEvidence([]));
    });
    this.relationLoader = new RelationLoader(
      (query, params) => this.read(query, params),
      this.scope,
      (pages) => this.pagesAsOf(pages),
    );
  }

  /**
   * An entity's citations, claim sets and sources: as planned into the query that found it, or
   * loaded with every other entity's of this tick. Its sources are then at hand to byId, so a
   * citation's `source` costs no round trip.
   */
  async evidenceOf(entity: EntityRecord): Promise<Evidence> {
    const found = entity.evidence ?? (await this.evidence.load(entity.id));
    for (const source of found.sources) this.byId.prime(source.id, source);
    return found;
  }

  /**
   * An entity's citations. Without `withSources` (nothing asked of their sources) they come alone,
   * without each source's properties and the claims the evidence carries, unless the evidence is
   * at hand already; in the same order either way.
   */
  citationsOf(entity: EntityRecord, withSources: boolean): Promise<SourceCitation[]> {
    if (withSources || entity.evidence) return this.evidenceOf(entity).then((found) => found.citations);
    // The loader's own promise, no await: the executor writes an answer's keys as they resolve, and
    // so citations and relations come in the order asked.
    return this.relationLoader.citations(entity.id);
  }

  /** Relations of `id`, batched with every other relation question of this tick. */
  relations(id: string, query: RelationQuery): Promise<RelationPage> {
    return this.relationLoader.relations(id, query);
  }

  /** Relations as of the operation's moment: qualifiers from the claims visible, ends with their values then. */
  private async pagesAsOf(pages: RelationPage[]): Promise<RelationPage[]> {
    const view = this.scope.view;
    if (!view) return pages;
    const resolved = pages.map((page) => ({
      ...page,
      relations: page.relations.map((relation) => relationAsOf(relation, view)),
    }));
    await this.asOf(resolved.flatMap((page) => page.relations.map((relation) => relation.node)));
    return resolved;
  }

  /**
   * Entities by id, with only the properties selected, together with every typed field planned
   * below them, in one query. Each record carries their entities (see parseNestedEntity), so the nested
   * fields resolve without another round trip.
   */
  async loadNested(
    ids: readonly string[],
    { props, plans, evidence }: { props: PropSelection; plans: NestedPlan[]; evidence: boolean },
  ): Promise<Array<EntityRecord | null>> {
    if (props === 'all' && !plans.length && !evidence) {
      return Promise.all(ids.map((id) => this.byId.load(id)));
    }
    const view = this.scope.view;
    const rows = await this.read(
      {
        name: 'entities.byIdsNested',
        cypher: `${canonicalId}
          MATCH (n:Entity {id: id})${whereIf(view, (v) => visibleEntity('n', v))}
          RETURN asked, ${entityRecord('n', props, view)} AS entity, ${nestedProjection('n', plans, 0, view)} AS nested,
            ${evidence ? evidenceProjection('n', 0, view) : 'null'} AS evidence${claimSetsColumn('n', view)}`,
      },
      { ids },
    );
    const known = claimSetsOf(rows.map((row) => ({ id: parseEntity(row.entity).id, sets: row.asOfSets })));
    const found = new Map<string, EntityRecord>();
    for (const row of rows) {
      const entity = parseNestedEntity(row.entity, row.nested, plans, evidence ? row.evidence : undefined);
      found.set(row.asked as string, entity);
    }
    return this.asOf(
      ids.map((id) => found.get(id) ?? null),
      known,
    );
  }

  /** Entities with the values shown as of the operation's moment, when it has one (stores/as-of.ts). */
  asOf<T extends EntityRecord | null>(entities: T[], known?: Map<string, ClaimSet[]>): Promise<T[]> {
    return resolveTreeAsOf(this.db, this.scope.view, entities, this.budget, known);
  }

  /** A page of the relations a source states, by id. */
  async sourceRelations(source: string, query: RelationQuery): Promise<RelationPage> {
    const pattern = relationPattern(query.types);
    const after = decodeCursor(query.after, isString);
    const rows = await this.read(sourceRelations(pattern), { source, after, limit: query.first + 1 });
    const [count] = query.withCount ? await this.read(sourceRelationCount(pattern), { source }) : [];
    return toPage(
      rows.map((row) => row.relation),
      {
        pattern,
        after,
        first: query.first,
        withCount: query.withCount,
        select: { edge: 'all', node: 'all' },
      },
      count?.count,
    );
  }

  async countsByType(): Promise<Array<{ type: string; count: number }>> {
    // As of a day, summed from the day counts when the response cache's version keys them.
    const { view, dayCounts } = this.scope;
    const table = view && !view.sources && dayCounts ? await dayCounts.table() : null;
    if (table && view) return countsByTypeOn(table, view.asOf);
    const rows = await this.read(countsByType(this.scope.view), {});
    return rows.map((row) => ({ type: row.type as string, count: row.count as number }));
  }

  read(query: { name: string; cypher: string }, params: Params) {
    return this.db.read(query, { ...params, ...viewParams(this.scope.view) }, this.budget);
  }
}

export const relationCursor = (relation: RelationRecord) => encodeCursor(relation.id);
