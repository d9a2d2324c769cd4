import type { OperationBudget } from '../db/budget.ts';
import type { Database } from '../db/database.ts';
import { badInput, notFound, quoted } from '../errors.ts';
import { edgeMap, entityMap, labelPattern, relationPattern } from './cypher.ts';
import { type EdgeRecord, type EntityRecord, type PropSelection, parseEdge, parseEntity } from './records.ts';

export interface SearchHit {
  entity: EntityRecord;
  score: number;
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

/**
 * Every word must match (Latin words of three letters or more also as prefixes, for results as you
 * type): "meeting 12" finds the meetings named with 12, not every meeting and every 12.
 */
function luceneQuery(terms: string[]): string {
  return terms.map((term) => (/^[a-z0-9]{3,}$/.test(term) ? `+(${term} ${term}*)` : `+${term}`)).join(' ');
}

/** Hits taken from each index before types are filtered and exact names ranked first. */
const SEARCH_CANDIDATES = 500;

function searchQuery(types: readonly string[] | null | undefined) {
  return {
    name: 'graph.search',
    cypher: `
      CALL () {
        CALL db.index.fulltext.queryNodes('entity_text_en', $query, {limit: $candidates}) YIELD node, score
        RETURN node, score
        UNION ALL
        CALL db.index.fulltext.queryNodes('entity_text_th', $query, {limit: $candidates}) YIELD node, score
        RETURN node, score
      }
      WITH node AS n, max(score) AS score
      WHERE n${labelPattern(types)}
      // A name or alias typed exactly (an acronym, say) goes first.
      WITH n, score + CASE WHEN toLower(n.name) = $exact OR n.nameTh = $exact
        OR any(alias IN coalesce(n.aliases, []) WHERE toLower(alias) = $exact) THEN 10 ELSE 0 END AS score
      RETURN ${entityMap('n')} AS entity, score
      ORDER BY score DESC, n.id
      LIMIT $first`,
  };
}

/** Entities any of whose names share a word with the labels given: candidates for kb/match.ts. */
const matchCandidates = {
  name: 'graph.matchCandidates',
  cypher: `
    CALL () {
      CALL db.index.fulltext.queryNodes('entity_text_en', $query, {limit: $candidates}) YIELD node
      RETURN node
      UNION
      CALL db.index.fulltext.queryNodes('entity_text_th', $query, {limit: $candidates}) YIELD node
      RETURN node
    }
    WITH node AS n WHERE NOT n:Source
    RETURN ${entityMap('n', ['name', 'nameTh', 'aliases'])} AS entity`,
};

/** What a neighbourhood fetches of its entities and relationships: what the query selected. */
export interface SubgraphProps {
  nodes: PropSelection;
  edges: PropSelection;
}

function expandQuery(types: readonly string[] | null | undefined, props: SubgraphProps) {
  return {
    name: 'graph.expand',
    cypher: `
      UNWIND $frontier AS id
      MATCH (n:Entity {id: id})-[r${relationPattern(types)}]-(m:Entity)
      WITH r, m ORDER BY r.id LIMIT $cap
      RETURN ${edgeMap('r', props.edges)} AS edge, ${entityMap('m', props.nodes)} AS node`,
  };
}

/** The start entity and its first level in one round trip; no row means no such entity. */
function startQuery(types: readonly string[] | null | undefined, props: SubgraphProps) {
  return {
    name: 'graph.expandStart',
    cypher: `
      MATCH (n:Entity {id: $id})
      OPTIONAL CALL (n) {
        MATCH (n)-[r${relationPattern(types)}]-(m:Entity)
        RETURN r, m ORDER BY r.id LIMIT $cap
      }
      RETURN ${entityMap('n', props.nodes)} AS start,
        CASE WHEN r IS NULL THEN null ELSE ${edgeMap('r', props.edges)} END AS edge,
        CASE WHEN r IS NULL THEN null ELSE ${entityMap('m', props.nodes)} END AS node`,
  };
}

/** Search and neighbourhoods over the whole graph. */
export class GraphStore {
  constructor(
    private readonly db: Database,
    private readonly budget: OperationBudget,
  ) {}

  async search(
    input: string,
    types: readonly string[] | null | undefined,
    first: number,
  ): Promise<SearchHit[]> {
    if (input.length > 200) throw badInput('The search string is longer than 200 characters');
    const terms = searchTerms(input);
    if (!terms.length) return [];
    const rows = await this.db.read(
      searchQuery(types),
      {
        query: luceneQuery(terms),
        exact: input.normalize('NFC').trim().toLowerCase(),
        first,
        candidates: SEARCH_CANDIDATES,
      },
      this.budget,
    );
    return rows.map((row) => ({ entity: parseEntity(row.entity), score: row.score as number }));
  }

  /** Entities that share a word with any of `labels` (names, aliases), for scoring. */
  async matchCandidates(labels: string[]): Promise<EntityRecord[]> {
    const terms = [...new Set(labels.flatMap((label) => searchTerms(label)))].slice(0, 50);
    if (!terms.length) return [];
    const rows = await this.db.read(
      matchCandidates,
      { query: terms.join(' '), candidates: SEARCH_CANDIDATES },
      this.budget,
    );
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
    props: SubgraphProps = { nodes: 'all', edges: 'all' },
  ) {
    if (!Number.isInteger(depth) || depth < 1 || depth > MAX_DEPTH) {
      throw badInput(`depth must be between 1 and ${MAX_DEPTH}`);
    }
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_NEIGHBORHOOD) {
      throw badInput(`limit must be between 1 and ${MAX_NEIGHBORHOOD}`);
    }
    const cap = limit * 5;
    let rows = await this.db.read(startQuery(types, props), { id, cap }, this.budget);
    if (!rows.length) throw notFound(`No entity with id ${quoted(id)}`);
    const start = parseEntity(rows[0]?.start);
    const nodes = new Map([[start.id, start]]);
    const edges = new Map<string, EdgeRecord>();
    let truncated = false;
    let frontier = [start.id];
    for (let level = 0; level < depth && frontier.length; level++) {
      // The first level came with the start entity.
      if (level > 0) rows = await this.db.read(expandQuery(types, props), { frontier, cap }, this.budget);
      if (rows.length === cap) truncated = true;
      const next: string[] = [];
      for (const row of rows) {
        if (!row.edge) continue;
        const node = parseEntity(row.node);
        if (!nodes.has(node.id)) {
          if (nodes.size >= limit) {
            truncated = true;
            continue;
          }
          nodes.set(node.id, node);
          next.push(node.id);
        }
        const edge = parseEdge(row.edge);
        edges.set(edge.id, edge);
      }
      frontier = next;
    }
    return { nodes: [...nodes.values()], edges: [...edges.values()], truncated };
  }
}
