import { createHash } from 'node:crypto';
import neo4j from 'neo4j-driver';
import { type Glossary, otherForms } from '../search/glossary.ts';
import { hasThai, words } from '../search/text.ts';
import type { ClaimSet, Rank, Resolved } from './claims.ts';
import { type EntityType, type PropKind, propsOf, qualifierKinds } from './ontology.ts';

/**
 * How values of the facts files are stored in Neo4j: dates as Dates, integers as Integers,
 * decimals as exact strings beside `<name>Cents`, and the derived keys search and sorting use.
 */

export function hashOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 32);
}

/** Decimals stay exact strings; `<name>Cents` holds the same amount as an integer for sums in Cypher. */
export function toCents(decimal: string): number {
  const [whole = '0', fraction = ''] = decimal.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

export function toNeo4jValue(kind: PropKind, value: unknown): unknown {
  if (kind === 'date') {
    const [year, month, day] = String(value).split('-').map(Number);
    return new neo4j.types.Date(year as number, month as number, day as number);
  }
  if (kind === 'integer') return neo4j.int(value as number);
  return value;
}

function storedProps(values: Record<string, unknown>, kinds: Record<string, PropKind>) {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    const kind = kinds[key] as PropKind;
    out[key] = toNeo4jValue(kind, value);
    if (kind === 'decimal') out[`${key}Cents`] = neo4j.int(toCents(value as string));
  }
  return out;
}

/**
 * The keys the loader writes beside an entity's or a relation's values, for search, sorting and
 * bookkeeping (the claims and their sources, which `provenance` and `claims` give). `properties`
 * never shows them: one list, next to the code that writes them.
 */
export const internalKeys: ReadonlySet<string> = new Set([
  'searchTh',
  'searchEn',
  'searchAlso',
  'searchStems',
  'searchType',
  'nameKey',
  'hash',
  'conflicts',
  'sources',
  'claims',
  'outranked',
  'firstKnown',
  'lastKnown',
  'sourceDates',
  'amountHistory',
]);

/** Stored properties without the internal keys: what `properties` shows. */
export function shownProps(props: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(props).filter(([key]) => !internalKeys.has(key)));
}

/** Lists sort by name through an index on this key: the name, lower-cased. */
export const sortKeyOf = (name: string) => name.toLowerCase();

/**
 * The node of an entity: the values shown; the search keys (every name and alias of every source,
 * the stems of their English words where a stem differs, the glossary's other forms of them, the
 * type); and the properties in
 * conflict (none: no key, so one source's entities stay as small). `glossary` is the knowledge
 * base's.
 */
export function entityNodeProps(
  id: string,
  type: EntityType,
  resolved: Resolved,
  glossary: Glossary,
): Record<string, unknown> {
  const props = storedProps(resolved.props, propsOf(type));
  const aliases = (resolved.props.aliases as string[] | undefined) ?? [];
  const names = [resolved.props.name, resolved.props.nameTh, ...aliases].filter(Boolean) as string[];
  props.id = id;
  props.aliases = aliases;
  props.searchTh = names.filter((name) => hasThai(name)).join('\n');
  props.searchEn = names.filter((name) => !hasThai(name)).join('\n');
  const also = otherForms(glossary, names.join('\n'));
  if (also.length) props.searchAlso = also.join('\n');
  const stems = new Set<string>();
  for (const word of words([...names, ...also].join('\n'), false))
    if (word.stem !== word.text) stems.add(word.stem);
  if (stems.size) props.searchStems = [...stems].join(' ');
  props.searchType = type.toLowerCase();
  props.nameKey = sortKeyOf(String(resolved.props.name ?? id));
  if (resolved.conflicts.length) props.conflicts = resolved.conflicts;
  return props;
}

/**
 * A relationship: its id, the qualifier values shown, every source's claim, and the qualifiers on
 * which sources disagree (none: no key).
 */
export function relationProps(
  id: string,
  resolved: Resolved,
  sources: string[],
  claims: string[],
): Record<string, unknown> {
  const conflicts = resolved.conflicts.length ? { conflicts: resolved.conflicts } : {};
  return { ...storedProps(resolved.props, qualifierKinds), id, sources, claims, ...conflicts };
}

/** A CITED_IN edge's claims, read back with its source: `claims` is the JSON the loader wrote. */
export function parseStoredClaimSet(row: Record<string, unknown>): ClaimSet {
  const claims = JSON.parse(row.claims as string) as {
    props: Record<string, unknown>;
    ranks?: Record<string, Rank>;
    asOf?: string;
  };
  return {
    source: row.source as string,
    sourceDate: row.date as string,
    ...(claims.asOf ? { asOf: claims.asOf } : {}),
    section: row.section as string,
    quote: row.quote as string,
    props: claims.props,
    ranks: claims.ranks ?? {},
  };
}
