import type { ClaimSet } from '../model/claims.ts';
import type { EntityType } from '../model/ontology.ts';
import { parseStoredClaimSet } from '../model/stored.ts';

/**
 * Rows as resolvers see them. Each record type has a parser that checks the shape at the store
 * boundary, so a query that returns something else fails there, with the query's name, instead of
 * as a wrong answer further up.
 */

/**
 * An entity: its type label and its stored properties, plain JSON. Fetched with typed fields
 * planned ahead (stores/cypher.ts), it holds only the properties the query selected, and the
 * entities of those fields by question.
 */
export interface EntityRecord {
  id: string;
  type: string;
  props: Record<string, unknown>;
  prefetched?: Map<string, EntityRecord[]>;
  /** Its evidence, when the query that found it was planned to bring it (see parseNestedEntity). */
  evidence?: Evidence;
}

/**
 * Where the sources name an entity (its CITED_IN edges): the citations, what each source claims
 * (from the edges that carry claims) and the sources themselves, once each.
 */
export interface Evidence {
  citations: SourceCitation[];
  claimSets: ClaimSet[];
  sources: EntityRecord[];
}

export type Direction = 'OUT' | 'IN' | 'BOTH';

/** A relationship seen from one end: `node` is the other end. */
export interface RelationRecord {
  id: string;
  type: string;
  direction: 'OUT' | 'IN';
  from: string;
  to: string;
  node: EntityRecord;
  props: Record<string, unknown>;
}

/** One page of an entity's relations. */
export interface RelationPage {
  relations: RelationRecord[];
  hasNextPage: boolean;
  totalCount: number | null;
}

/** A relationship on its own, as in a path or subgraph. */
export interface EdgeRecord {
  id: string;
  type: string;
  from: string;
  to: string;
  props: Record<string, unknown>;
}

/** Where a source says something about an entity. */
export interface SourceCitation {
  source: string;
  section: string | null;
  quote: string;
  /** Where the quote is in the source's text, when the loader found it. */
  start?: number | null;
  end?: number | null;
}

/** Inclusive bounds on the dates of relationships; undated ones always pass. */
export interface DateWindow {
  from?: string | null;
  to?: string | null;
}

/** Which stored properties to fetch: all, or these keys (ontology names only). */
export type PropSelection = 'all' | readonly string[];

/** What a neighbourhood or path fetches of its entities and relationships: what the query selected. */
export interface SubgraphProps {
  nodes: PropSelection;
  edges: PropSelection;
}

/** Every stored property of both. */
export const allSubgraphProps: SubgraphProps = { nodes: 'all', edges: 'all' };

/** A question about an entity's relations: which, in which direction, which page. */
export interface RelationQuery {
  types?: readonly string[] | null;
  direction: Direction;
  /** Only neighbours with one of these labels. */
  nodeTypes?: readonly string[] | null;
  first: number;
  after?: string | null;
  withCount: boolean;
  /** Only the relationships shown: not those another source's value outranks (src/model/single-valued.ts). */
  shown?: boolean;
  /** The properties the fields asked read, of the relationships and of their far ends; all when not given. */
  select?: RelationSelection;
}

/** The stored properties a page of relations is fetched with (see relationRecord). */
export interface RelationSelection {
  edge: PropSelection;
  node: PropSelection;
}

/**
 * A typed field the client selected below a root field, known before the root is fetched: the
 * relation question it asks, the parent types that ask it, the properties selected on the
 * entities it returns, and the typed fields selected on those.
 */
export interface NestedPlan {
  query: RelationQuery;
  /** questionKey(query), made once: every entity found files its answer under it. */
  key: string;
  parents: EntityType[];
  props: PropSelection;
  children: NestedPlan[];
  /** Bring the evidence of these entities too. */
  evidence: boolean;
}

/** Identifies a relation question, so a resolver finds the page planned for it. */
export const questionKey = (query: RelationQuery) => JSON.stringify(query);

export class RecordShapeError extends Error {
  override name = 'RecordShapeError';
}

type Plain = Record<string, unknown>;

function object(value: unknown, what: string): Plain {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RecordShapeError(`${what}: expected an object, got ${JSON.stringify(value)?.slice(0, 80)}`);
  }
  return value as Plain;
}

function text(row: Plain, key: string, what: string): string {
  return textIn(row[key], `${what}.${key}`);
}

function textOrNull(row: Plain, key: string, what: string): string | null {
  return row[key] === null || row[key] === undefined ? null : text(row, key, what);
}

/** A record that comes as a list (src/stores/cypher.ts), checked for its length. */
function tuple(value: unknown, length: number, what: string): unknown[] {
  if (!Array.isArray(value) || value.length !== length) {
    throw new RecordShapeError(
      `${what}: expected a list of ${length}, got ${JSON.stringify(value)?.slice(0, 80)}`,
    );
  }
  return value;
}

function textIn(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new RecordShapeError(`${what}: expected a string`);
  return value;
}

/** `[id, type, props]` */
export function parseEntity(value: unknown): EntityRecord {
  const [id, type, props] = tuple(value, 3, 'entity');
  return {
    id: textIn(id, 'entity.id'),
    type: textIn(type, 'entity.type'),
    props: object(props, 'entity.props'),
  };
}

/** `[id, type, from, to, props]` */
export function parseEdge(value: unknown): EdgeRecord {
  const [id, type, from, to, props] = tuple(value, 5, 'edge');
  return {
    id: textIn(id, 'edge.id'),
    type: textIn(type, 'edge.type'),
    from: textIn(from, 'edge.from'),
    to: textIn(to, 'edge.to'),
    props: object(props, 'edge.props'),
  };
}

/** `[id, type, direction, from, to, props, node]` */
export function parseRelation(value: unknown): RelationRecord {
  const [id, type, direction, from, to, props, node] = tuple(value, 7, 'relation');
  if (direction !== 'OUT' && direction !== 'IN') throw new RecordShapeError('relation.direction: OUT or IN');
  return {
    id: textIn(id, 'relation.id'),
    type: textIn(type, 'relation.type'),
    direction,
    from: textIn(from, 'relation.from'),
    to: textIn(to, 'relation.to'),
    node: parseEntity(node),
    props: object(props, 'relation.props'),
  };
}

export function parseCitation(value: unknown): SourceCitation {
  const row = object(value, 'citation');
  return {
    source: text(row, 'source', 'citation'),
    section: textOrNull(row, 'section', 'citation'),
    quote: text(row, 'quote', 'citation'),
    start: typeof row.start === 'number' ? row.start : null,
    end: typeof row.end === 'number' ? row.end : null,
  };
}

/** A citation from a row of citationProjection (src/stores/cypher.ts): `[source, section, quote, start, end]`. */
export function parseCitationRow(value: unknown): SourceCitation {
  const [source, section, quote, start, end] = tuple(value, 5, 'citation');
  return parseCitation({ source, section, quote, start, end });
}

/** Evidence from the rows of evidenceProjection (src/stores/cypher.ts). */
export function parseEvidence(value: unknown): Evidence {
  const evidence: Evidence = { citations: [], claimSets: [], sources: [] };
  for (const item of parseList(value, (row) => object(row, 'evidence'), 'evidence')) {
    const source = parseEntity(item.source);
    evidence.citations.push(parseCitation({ ...item, source: source.id }));
    if (typeof item.claims === 'string') {
      evidence.claimSets.push(parseStoredClaimSet({ ...item, source: source.id, date: source.props.date }));
    }
    if (!evidence.sources.some((known) => known.id === source.id)) evidence.sources.push(source);
  }
  return evidence;
}

export function parseList<T>(value: unknown, parse: (item: unknown) => T, what: string): T[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) throw new RecordShapeError(`${what}: expected a list`);
  return value.map(parse);
}

/**
 * An entity record from a row, carrying the entities of the typed fields planned below it (from a
 * `nested` list, see nestedProjection), keyed by question, and so on down.
 */
export function parseNestedEntity(
  value: unknown,
  nested: unknown,
  plans: NestedPlan[],
  evidence?: unknown,
): EntityRecord {
  const entity = parseEntity(value);
  if (evidence !== undefined) entity.evidence = parseEvidence(evidence);
  const answers = parseList(nested, (answer) => answer, 'nested');
  plans.forEach((plan, index) => {
    if (!plan.parents.includes(entity.type as EntityType)) return;
    const found = parseList(
      answers[index],
      (row) => {
        const [node, below, evidence] = tuple(row, plan.evidence ? 3 : 2, 'nested entity');
        return parseNestedEntity(node, below, plan.children, plan.evidence ? evidence : undefined);
      },
      'nested entities',
    );
    entity.prefetched ??= new Map();
    entity.prefetched.set(plan.key, found);
  });
  return entity;
}
