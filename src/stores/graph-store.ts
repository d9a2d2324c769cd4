import type { OperationBudget } from '../db/budget.ts';
import type { Database } from '../db/database.ts';
import { badInput, notFound, quoted } from '../errors.ts';
import { ANCHORS, type Answer, type Link, rankAnswers, steer } from '../search/answers.ts';
import type { Question } from '../search/cues.ts';
import { glossaryFor } from '../search/glossary.ts';
import { type Field, luceneFields, luceneQuery, parseQuery, type Scored, score } from '../search/rank.ts';
import {
  andIf,
  claimSetsColumn,
  claimSetsOf,
  noScope,
  type ReadScope,
  relationAsOf,
  resolveTreeAsOf,
  type SourceView,
  viewParams,
  visibleEntity,
  visibleRelation,
  visibleSource,
  whereIf,
} from './as-of.ts';
import { allRelationTypes, edgeRecord, entityRecord, labelPattern, relationPattern } from './cypher.ts';
import {
  allSubgraphProps,
  type EdgeRecord,
  type EntityRecord,
  type PropSelection,
  parseEdge,
  parseEntity,
  type SubgraphProps,
} from './records.ts';

export interface SearchHit {
  entity: EntityRecord;
  score: number;
  /** The fields that matched, matched words in **bold**. */
  matched: string[];
  /** Fewer of the query's words matched than search requires: the best there was. */
  partial: boolean;
}

export interface Subgraph {
  nodes: EntityRecord[];
  edges: EdgeRecord[];
  truncated: boolean;
}

export const MAX_DEPTH = 4;
export const MAX_NEIGHBORHOOD = 1000;

/**
 * Turns any input into plain search terms: letters, marks and digits survive, everything else
 * (quotes, brackets, `~`, `*`, `\`, `:`) becomes a space, and lower case keeps AND/OR/NOT from
 * acting as operators. What is left cannot be Lucene syntax.
 */
export function searchTerms(input: string): string[] {
  return input
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
}

/** Hits taken from the index; search/rank.ts decides which match and in what order. */
const SEARCH_CANDIDATES = 100;

/**
 * The quotes citing `n`; with a view, of the sources visible then. The view's condition is tested on
 * the list, not in the pattern: there the planner seeks the visible sources in the index on
 * `Source.date` for every candidate and tests each one's edges into it, which made the read as of a
 * day cost about a third more than the read now (docs/reports/as-of.md).
 */
const quotesOf = (n: string, view: SourceView | null) =>
  view
    ? `[q IN [(${n})-[c:CITED_IN]->(s:Source) WHERE c.quote IS NOT NULL | [c.quote, ${visibleSource('s', view)}]] WHERE q[1] | q[0]]`
    : `[(${n})-[c:CITED_IN]->(s:Source) WHERE c.quote IS NOT NULL | c.quote]`;

function searchQuery(
  types: readonly string[] | null | undefined,
  props: PropSelection,
  view: SourceView | null,
) {
  return {
    name: 'graph.search',
    cypher: `
      CALL db.index.fulltext.queryNodes('entity_search', $query, {limit: $candidates}) YIELD node AS n
      WITH n WHERE n${labelPattern(types)}${andIf(view, (v) => visibleEntity('n', v))}
      RETURN ${entityRecord('n', props, view)} AS entity,
        [n.name, n.nameTh, n.aliases, n.description, n.descriptionTh, n.searchAlso] AS text,
        ${quotesOf('n', view)} AS quotes,
        COUNT { (n)--() } - COUNT { (n)-[:CITED_IN]->() } AS degree${claimSetsColumn('n', view)}`,
  };
}

/**
 * The entities one relation away from a question's anchors (search/answers.ts): of the types it
 * asks for, through the relations it names, in either direction. Types and relations are
 * parameters, so that every question shares one plan.
 */
function linkedQuery(props: PropSelection, view: SourceView | null) {
  return {
    name: 'graph.searchLinked',
    cypher: `
      UNWIND $anchors AS anchor
      MATCH (:Entity {id: anchor})-[r]-(m:Entity)
      WHERE type(r) IN $relations${andIf(view, (v) => visibleRelation('r', v))} AND ($labels IS NULL OR any(label IN labels(m) WHERE label IN $labels))
      WITH DISTINCT anchor, type(r) AS relation, m LIMIT $cap
      RETURN anchor, relation, ${entityRecord('m', props)} AS entity,
        COUNT { (m)--() } - COUNT { (m)-[:CITED_IN]->() } AS degree`,
  };
}

/** Entities any of whose names share a word with the labels given: candidates for src/services/match-service.ts. */
const matchCandidates = {
  name: 'graph.matchCandidates',
  cypher: `
    CALL db.index.fulltext.queryNodes('entity_search', $query, {limit: $candidates}) YIELD node AS n
    WITH n WHERE NOT n:Source
    RETURN ${entityRecord('n', ['name', 'nameTh', 'aliases'])} AS entity`,
};

/**
 * The fields of a candidate that ranking reads, by weight (search/rank.ts), from the `text` list of
 * searchQuery: a list, not a map, which the driver would unpack key by key for every candidate.
 */
function fieldsOf(text: unknown[], quotes: unknown): Field[] {
  const [name, nameTh, aliases, description, descriptionTh, also] = text;
  const fields: Field[] = [];
  const add = (field: Field['field'], value: unknown) => {
    if (typeof value === 'string' && value) fields.push({ field, text: value });
  };
  add('name', name);
  add('nameTh', nameTh);
  for (const alias of (aliases as string[] | null) ?? []) add('alias', alias);
  for (const form of typeof also === 'string' ? also.split('\n') : []) add('also', form);
  add('description', description);
  add('descriptionTh', descriptionTh);
  for (const quote of new Set((quotes as string[] | null) ?? [])) add('quote', quote);
  return fields;
}

/**
 * The relationships and entities of one level, as a list in one row: the start entity comes once,
 * not on every row (docs/reports/profiles.md).
 */
const hit = (r: string, m: string, props: SubgraphProps, view: SourceView | null) =>
  `[${edgeRecord(r, props.edges, view)}, ${entityRecord(m, props.nodes)}]`;

/** Relationships of the given types, stated by a visible source when there is a view. */
const relationOf = (types: readonly string[] | null | undefined, view: SourceView | null) =>
  `[r${relationPattern(types)}${whereIf(view, (v) => visibleRelation('r', v))}]`;

function expandQuery(
  types: readonly string[] | null | undefined,
  props: SubgraphProps,
  view: SourceView | null,
) {
  return {
    name: 'graph.expand',
    cypher: `
      UNWIND $frontier AS id
      MATCH (n:Entity {id: id})-${relationOf(types, view)}-(m:Entity)
      WITH r, m ORDER BY r.id LIMIT $cap
      RETURN collect(${hit('r', 'm', props, view)}) AS hits`,
  };
}

/** The start entity and its first level in one round trip; no row means no such entity. */
function startQuery(
  types: readonly string[] | null | undefined,
  props: SubgraphProps,
  view: SourceView | null,
) {
  return {
    name: 'graph.expandStart',
    cypher: `
      MATCH (n:Entity {id: $id})${whereIf(view, (v) => visibleEntity('n', v))}
      RETURN ${entityRecord('n', props.nodes)} AS start, COLLECT {
        MATCH (n)-${relationOf(types, view)}-(m:Entity)
        WITH r, m ORDER BY r.id LIMIT $cap
        RETURN ${hit('r', 'm', props, view)}
      } AS hits`,
  };
}

/** `[edge, node]`: a relationship and the entity it reaches. */
type Hit = [edge: unknown, node: unknown];

/** Search and neighbourhoods over the whole graph. */
export class GraphStore {
  constructor(
    private readonly db: Database,
    private readonly budget: OperationBudget,
    /** The knowledge base the graph was loaded from: its glossary widens a search. */
    private readonly dataDir: string,
    private readonly scope: ReadScope = noScope(),
  ) {}

  private read(query: { name: string; cypher: string }, params: Record<string, unknown>) {
    return this.db.read(query, { ...params, ...viewParams(this.scope.view) }, this.budget);
  }

  async search(
    input: string,
    types: readonly string[] | null | undefined,
    first: number,
    props: PropSelection = 'all',
  ): Promise<SearchHit[]> {
    if (input.length > 200) throw badInput('The search string is longer than 200 characters');
    const parsed = parseQuery(input, glossaryFor(this.dataDir));
    if (!parsed.terms.length) return [];
    const { question } = parsed;
    const steers = question !== undefined && (question.types.length > 0 || question.relations.length > 0);
    // A question's types filter its answers, not what the rest of it finds ("who chaired" a meeting).
    labelPattern(types);
    const anchorTypes = steers ? null : types;
    const rows = await this.read(searchQuery(anchorTypes, props, this.scope.view), {
      query: luceneQuery(parsed, anchorTypes),
      candidates: SEARCH_CANDIDATES,
    });
    const scored: Array<Scored<EntityRecord>> = [];
    const sets: Array<{ id: string; sets: unknown }> = [];
    for (const row of rows) {
      const entity = parseEntity(row.entity);
      sets.push({ id: entity.id, sets: row.asOfSets });
      // One word is enough here: rankAnswers keeps those with the words required, if any has them.
      const hit = score(parsed, entity, fieldsOf(row.text as unknown[], row.quotes), row.degree as number, 1);
      if (hit) scored.push(hit);
    }
    let answers = rankAnswers(parsed, scored);
    if (question && steers) {
      const { links, byType } = await this.linked(question, types, answers.slice(0, ANCHORS), props);
      answers = steer(byType ? { ...question, relations: [] } : question, answers, links);
      if (types?.length) answers = answers.filter((answer) => types.includes(answer.item.type));
    }
    const top = answers.slice(0, first);
    const entities = await resolveTreeAsOf(
      this.db,
      this.scope.view,
      top.map((answer) => answer.item),
      this.budget,
      claimSetsOf(sets),
    );
    return top.map(({ score, matched, partial }, index) => ({
      entity: entities[index] as EntityRecord,
      score,
      matched: matched(),
      partial,
    }));
  }

  /**
   * What a question's relations lead to from its best answers; when they lead nowhere, what any
   * relation leads to, of the types it asks for (answers.ts steers by both).
   */
  private async linked(
    question: Question,
    types: readonly string[] | null | undefined,
    anchors: Array<Answer<EntityRecord>>,
    props: PropSelection,
  ): Promise<{ links: Array<Link<EntityRecord>>; byType: boolean }> {
    if (!anchors.length) return { links: [], byType: false };
    const asked = types?.length ? types : question.types;
    const wanted = question.types.filter((type) => asked.includes(type));
    const labels = wanted.length ? wanted : asked.length ? asked : null;
    const params = { anchors: anchors.map((answer) => answer.item.id), labels, cap: ANCHORS * 20 };
    const read = async (relations: readonly string[]) => {
      const chosen = relations.length ? relations : allRelationTypes;
      const rows = await this.read(linkedQuery(props, this.scope.view), { ...params, relations: chosen });
      return rows.map((row) => ({
        item: parseEntity(row.entity),
        anchor: row.anchor as string,
        relation: row.relation as string,
        degree: row.degree as number,
      }));
    };
    const links = question.relations.length ? await read(question.relations) : [];
    if (links.length || !question.types.length) return { links, byType: false };
    return { links: await read([]), byType: true };
  }

  /** Entities that share a word with any of `labels` (names, aliases), for scoring. */
  async matchCandidates(labels: string[]): Promise<EntityRecord[]> {
    const terms = [...new Set(labels.flatMap((label) => searchTerms(label)))].slice(0, 50);
    if (!terms.length) return [];
    const fields = [...luceneFields.names, ...luceneFields.others];
    const query = fields.map((field) => `${field}:(${terms.join(' ')})`).join(' ');
    const rows = await this.db.read(matchCandidates, { query, candidates: SEARCH_CANDIDATES }, this.budget);
    return rows.map((row) => parseEntity(row.entity));
  }

  /**
   * Breadth-first expansion, one round trip per level (the first brings the start entity along).
   * Stops adding nodes at `limit` and says so with `truncated`; edges between nodes already in the
   * subgraph are kept.
   */
  async neighborhood(
    id: string,
    depth: number,
    limit: number,
    types: readonly string[] | null | undefined,
    props: SubgraphProps = allSubgraphProps,
  ) {
    if (!Number.isInteger(depth) || depth < 1 || depth > MAX_DEPTH) {
      throw badInput(`depth must be between 1 and ${MAX_DEPTH}`);
    }
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_NEIGHBORHOOD) {
      throw badInput(`limit must be between 1 and ${MAX_NEIGHBORHOOD}`);
    }
    const cap = limit * 5;
    const [found] = await this.read(startQuery(types, props, this.scope.view), { id, cap });
    if (!found) throw notFound(`No entity with id ${quoted(id)}`);
    const start = parseEntity(found.start);
    const nodes = new Map([[start.id, start]]);
    const edges = new Map<string, EdgeRecord>();
    let truncated = false;
    let frontier = [start.id];
    let hits = found.hits as Hit[];
    for (let level = 0; level < depth && frontier.length; level++) {
      // The first level came with the start entity.
      if (level > 0) {
        const [row] = await this.read(expandQuery(types, props, this.scope.view), { frontier, cap });
        hits = (row?.hits ?? []) as Hit[];
      }
      if (hits.length === cap) truncated = true;
      const next: string[] = [];
      for (const [edgeValue, nodeValue] of hits) {
        const node = parseEntity(nodeValue);
        if (!nodes.has(node.id)) {
          if (nodes.size >= limit) {
            truncated = true;
            continue;
          }
          nodes.set(node.id, node);
          next.push(node.id);
        }
        const edge = relationAsOf(parseEdge(edgeValue), this.scope.view);
        edges.set(edge.id, edge);
      }
      frontier = next;
    }
    return { nodes: [...nodes.values()], edges: [...edges.values()], truncated };
  }
}
