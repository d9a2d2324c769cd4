import { badInput } from '../errors.ts';
import { isEntityType, isRelationType, relationTypes } from '../kb/ontology.ts';

/**
 * An entity as resolvers see it: its type label and its stored properties, plain JSON. Fetched
 * with typed fields planned ahead (stores/nested.ts), it holds only the properties the query
 * selected, and the entities of those fields by question.
 */
export interface EntityRecord {
  id: string;
  type: string;
  props: Record<string, unknown>;
  prefetched?: Map<string, EntityRecord[]>;
}

export type Direction = 'OUT' | 'IN' | 'BOTH';

/** A relationship seen from one end: `node` is the other end. */
export interface RelationRecord {
  id: string;
  type: string;
  direction: 'OUT' | 'IN';
  node: EntityRecord;
  props: Record<string, unknown>;
}

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

/** Which stored properties to fetch: all, or these keys (ontology names only). */
export type PropSelection = 'all' | readonly string[];

/** The stored properties of a node or relationship `v`: all, or a map of the chosen keys. */
const propsOf = (v: string, props: PropSelection) =>
  props === 'all' ? `properties(${v})` : `${v} {${props.map((key) => `.\`${key}\``).join(', ')}}`;

/** Cypher map projection of an entity `n` into an EntityRecord. */
export const entityMap = (n: string, props: PropSelection = 'all') =>
  `{id: ${n}.id, type: [l IN labels(${n}) WHERE l <> 'Entity'][0], props: ${propsOf(n, props)}}`;

/** Cypher map projection of a relationship `r` into an EdgeRecord. */
export const edgeMap = (r: string, props: PropSelection = 'all') =>
  `{id: ${r}.id, type: type(${r}), from: startNode(${r}).id, to: endNode(${r}).id, props: ${propsOf(r, props)}}`;

/** Undated relationships always pass; dated ones must overlap the window. */
export const inWindow = (r: string) => `
  ($windowFrom IS NULL OR coalesce(${r}.endDate, ${r}.date, date('9999-12-31')) >= date($windowFrom))
  AND ($windowTo IS NULL OR coalesce(${r}.startDate, ${r}.date, date('0001-01-01')) <= date($windowTo))`;

export const allRelationTypes = Object.keys(relationTypes);

/**
 * Checks user-given relationship types against the ontology and returns a Cypher type expression
 * (`:A|B`). Only validated names reach the query text; none given means every domain type, which
 * leaves out the provenance edges (CITED_IN).
 */
export function relationPattern(types: readonly string[] | null | undefined): string {
  const chosen = types?.length ? types : allRelationTypes;
  const unknown = chosen.filter((type) => !isRelationType(type));
  if (unknown.length) {
    throw badInput(`Unknown relationship type(s): ${unknown.join(', ')}`, { allowed: allRelationTypes });
  }
  return `:${[...new Set(chosen)].join('|')}`;
}

/** Same for node types: a label expression (`:A|B`), or `:Entity` for any entity. */
export function labelPattern(types: readonly string[] | null | undefined): string {
  if (!types?.length) return ':Entity';
  const unknown = types.filter((type) => !isEntityType(type));
  if (unknown.length) throw badInput(`Unknown entity type(s): ${unknown.join(', ')}`);
  return `:${[...new Set(types)].join('|')}`;
}

export function toEntity(value: unknown): EntityRecord {
  const row = value as { id: string; type: string; props: Record<string, unknown> };
  return { id: row.id, type: row.type, props: row.props };
}

export function toEdge(value: unknown): EdgeRecord {
  return value as EdgeRecord;
}

/** Page sizes are capped so no request can ask for the whole graph. */
export const MAX_PAGE = 100;

/** `name` is the argument the size came in, for the message. */
export function pageSize(first: number | null | undefined, fallback = 20, name = 'first'): number {
  const size = first ?? fallback;
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE) {
    throw badInput(`${name} must be between 0 and ${MAX_PAGE}, got ${size}`);
  }
  return size;
}

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor<T>(
  cursor: string | null | undefined,
  check: (value: unknown) => value is T,
): T | null {
  if (cursor === null || cursor === undefined) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (check(value)) return value;
  } catch {
    // fall through
  }
  throw badInput('Invalid cursor: pass an endCursor from a previous page');
}
