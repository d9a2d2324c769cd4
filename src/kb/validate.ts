import { isIsoDate } from '../dates.ts';
import { type Rank, ranks } from './claims.ts';
import { parseFactsYaml } from './facts-yaml.ts';
import {
  type EntityType,
  type EntityTypeDef,
  entityTypes,
  isEntityType,
  isRelationType,
  type PropKind,
  propsOf,
  qualifierKinds,
  type RelationType,
  statuses,
} from './ontology.ts';

/** A citation: where in the source, and the words that say it. */
export interface Citation {
  section: string;
  quote: string;
}

export interface EntityFact {
  id: string;
  type: EntityType;
  props: Record<string, unknown>;
  /** Ranks a curator gave, per property (`rank: preferred` on a fact covers all its properties). */
  ranks?: Record<string, Rank>;
  cite: Citation;
}

export interface RelationFact {
  /** Type, ends and identifying qualifiers: the same fact from two sources has the same id. */
  id: string;
  type: RelationType;
  from: string;
  to: string;
  /** Tells apart two relations of one file that would otherwise share an id. */
  key?: string;
  qualifiers: Record<string, unknown>;
  ranks?: Record<string, Rank>;
  cite: Citation;
}

/** `sameAs` in a facts file: `id` is the same entity as `target`, and resolves to it. */
export interface SameAs {
  id: string;
  target: string;
}

/** An entity a file names in a relation without declaring it: another file declares it. */
export interface Reference {
  id: string;
  type: EntityType;
}

export interface SourceMeta {
  id: string;
  titleEn: string;
  titleTh: string;
  date: string;
  issuer: string;
  language: string;
  url?: string;
  /** Where each page starts in the text (UTF-16 offsets), for an imported document with pages. */
  pages?: number[];
  /** The original an import kept beside the text: its file name under sources/, and its format. */
  original?: { stored: string; format: string };
}

export interface SourceFacts {
  meta: SourceMeta;
  text: string;
  entities: EntityFact[];
  relations: RelationFact[];
  sameAs?: SameAs[];
  /** Filled in by the check across files (checkSources). */
  references?: Reference[];
}

export interface Problem {
  file: string;
  /** e.g. `entity thailand` or `relation #4 (PROPOSED thailand -> wg-as)`. */
  at: string;
  reason: string;
}

export class FactsInvalidError extends Error {
  override name = 'FactsInvalidError';
  constructor(readonly problems: Problem[]) {
    super(`${problems.length} problem(s) in the facts:\n${problems.map(formatProblem).join('\n')}`);
  }
}

export function formatProblem(problem: Problem): string {
  return `${problem.file}: ${problem.at}: ${problem.reason}`;
}

export const idPattern = /^[a-z0-9][a-z0-9-]*$/;

/** Qualifiers that make two relations of one type between the same ends different facts. */
export const identifyingQualifiers = ['role', 'ordinal', 'paragraph'] as const;

/** `HAS_PILLAR:growth-engine:topic-x:ordinal=1`: the same for every source that states the fact. */
export function relationIdOf(relation: Omit<RelationFact, 'id' | 'cite' | 'ranks'>): string {
  const qualifiers = identifyingQualifiers
    .filter((name) => relation.qualifiers[name] !== undefined)
    .map((name) => `${name}=${String(relation.qualifiers[name])}`);
  const key = relation.key === undefined ? [] : [relation.key];
  return [relation.type, relation.from, relation.to, ...qualifiers, ...key].join(':');
}
const decimalPattern = /^\d{1,15}(\.\d{1,2})?$/;

/** NFC and runs of whitespace made one space: the only normalisation quotes get. */
export function normalizeText(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

function checkValue(kind: PropKind, value: unknown): string | undefined {
  switch (kind) {
    case 'string':
      return typeof value === 'string' && value.trim() !== '' ? undefined : 'must be a non-empty string';
    case 'strings':
      return Array.isArray(value) && value.every((item) => typeof item === 'string' && item.trim() !== '')
        ? undefined
        : 'must be a list of non-empty strings';
    case 'date':
      return isIsoDate(value) ? undefined : `must be an ISO date (YYYY-MM-DD), got ${JSON.stringify(value)}`;
    case 'decimal':
      return typeof value === 'string' && decimalPattern.test(value)
        ? undefined
        : `must be a decimal written as a quoted string with at most 2 decimals (e.g. "602444.70"), got ${JSON.stringify(value)}`;
    case 'integer':
      return Number.isSafeInteger(value) ? undefined : `must be a whole number, got ${JSON.stringify(value)}`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Parses and checks one facts file against its source text. Returns every problem found,
 * not just the first, so a reviewer can fix a file in one pass.
 */
export function validateFacts(
  file: string,
  yamlText: string,
  sourceText: string,
  meta: SourceMeta,
): { facts: SourceFacts; problems: Problem[] } {
  const problems: Problem[] = [];
  const problem = (at: string, reason: string) => problems.push({ file, at, reason });
  const normalizedSource = normalizeText(sourceText);
  const entities: EntityFact[] = [];
  const relations: RelationFact[] = [];
  const sameAs: SameAs[] = [];
  const facts = { meta, text: sourceText, entities, relations, sameAs, references: [] as Reference[] };

  let doc: unknown;
  try {
    doc = parseFactsYaml(yamlText);
  } catch (error) {
    problem('file', `is not valid YAML: ${error instanceof Error ? error.message : String(error)}`);
    return { facts, problems };
  }
  if (!isRecord(doc)) {
    problem('file', 'must be a mapping with source, entities and relations');
    return { facts, problems };
  }
  if (doc.source !== meta.id) problem('source', `must be "${meta.id}", got ${JSON.stringify(doc.source)}`);

  const readCitation = (at: string, item: Record<string, unknown>): Citation | undefined => {
    const { section, quote } = item;
    if (typeof section === 'number')
      problem(at, `section must be quoted ("${section}"), or 2.10 would read as 2.1`);
    else if (typeof section !== 'string' || section.trim() === '') problem(at, 'needs a section');
    if (typeof quote !== 'string' || quote.trim() === '') {
      problem(at, 'needs a quote from the source');
      return undefined;
    }
    if (!normalizedSource.includes(normalizeText(quote))) {
      problem(at, `quote does not occur in source ${meta.id}: "${quote.slice(0, 80)}"`);
    }
    return { section: String(section ?? ''), quote };
  };

  /** `rank: preferred` ranks every claim of the fact; `rank: {status: preferred}` one of them. */
  const readRanks = (at: string, rank: unknown, claimed: string[]): Record<string, Rank> => {
    if (rank === undefined) return {};
    const isRank = (value: unknown): value is Rank => ranks.includes(value as Rank);
    if (isRank(rank)) return Object.fromEntries(claimed.map((key) => [key, rank]));
    if (!isRecord(rank)) {
      problem(at, `rank must be one of ${ranks.join(', ')}, or a map of property to rank`);
      return {};
    }
    const out: Record<string, Rank> = {};
    for (const [key, value] of Object.entries(rank)) {
      if (!claimed.includes(key)) problem(at, `rank names "${key}", which this fact does not state`);
      else if (!isRank(value)) problem(at, `rank of ${key} must be one of ${ranks.join(', ')}`);
      else out[key] = value;
    }
    return out;
  };

  const ids = new Set<string>();
  for (const [index, item] of (Array.isArray(doc.entities) ? doc.entities : []).entries()) {
    if (!isRecord(item)) {
      problem(`entity #${index + 1}`, 'must be a mapping');
      continue;
    }
    const id = String(item.id ?? '');
    const at = `entity ${id || `#${index + 1}`}`;
    if (!idPattern.test(id)) problem(at, 'id must be lower-case letters, digits and dashes');
    if (ids.has(id)) problem(at, 'duplicate id');
    ids.add(id);
    const type = String(item.type ?? '');
    if (!isEntityType(type)) {
      problem(at, `unknown type "${type}"`);
      continue;
    }
    const allowed = propsOf(type);
    const props: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(item)) {
      if (['id', 'type', 'section', 'quote', 'rank'].includes(key)) continue;
      const kind = allowed[key];
      if (!kind) {
        problem(at, `unknown property "${key}" for type ${type}`);
        continue;
      }
      const bad = checkValue(kind, value);
      if (bad) problem(at, `${key} ${bad}`);
      props[key] = value;
    }
    const kinds = (entityTypes[type] as EntityTypeDef).kinds;
    if (kinds && props.kind !== undefined && !kinds.includes(String(props.kind))) {
      problem(at, `kind "${String(props.kind)}" is not one of ${kinds.join(', ')}`);
    }
    if (props.status !== undefined && !(statuses as readonly string[]).includes(String(props.status))) {
      problem(at, `status "${String(props.status)}" is not one of ${statuses.join(', ')}`);
    }
    const ranks = readRanks(at, item.rank, Object.keys(props));
    const cite = readCitation(at, item);
    if (cite) entities.push({ id, type, props, ranks, cite });
  }

  const relationIds = new Set<string>();
  for (const [index, item] of (Array.isArray(doc.relations) ? doc.relations : []).entries()) {
    if (!isRecord(item)) {
      problem(`relation #${index + 1}`, 'must be a mapping');
      continue;
    }
    const { type, from, to, key } = item;
    const at = `relation #${index + 1} (${String(type)} ${String(from)} -> ${String(to)})`;
    if (typeof type !== 'string' || !isRelationType(type)) {
      problem(at, `unknown relation type "${String(type)}"`);
      continue;
    }
    // An end this file does not declare must be declared by another: checkSources checks.
    for (const [end, value] of [
      ['from', from],
      ['to', to],
    ] as const) {
      if (typeof value !== 'string' || !idPattern.test(value)) problem(at, `${end} must be an entity id`);
    }
    if (key !== undefined && typeof key !== 'string') problem(at, 'key must be a string');
    const qualifiers: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(item)) {
      if (['type', 'from', 'to', 'key', 'section', 'quote', 'rank'].includes(name)) continue;
      const kind = qualifierKinds[name];
      if (!kind) {
        problem(at, `unknown qualifier "${name}"`);
        continue;
      }
      const bad = checkValue(kind, value);
      if (bad) problem(at, `${name} ${bad}`);
      qualifiers[name] = value;
    }
    const ends = { type, from: String(from), to: String(to), qualifiers };
    const fact = key === undefined ? ends : { ...ends, key: String(key) };
    const id = relationIdOf(fact);
    if (relationIds.has(id)) problem(at, 'duplicate relation: give one of them a distinct `key`');
    relationIds.add(id);
    const ranks = readRanks(at, item.rank, Object.keys(qualifiers));
    const cite = readCitation(at, item);
    if (cite) relations.push({ ...fact, id, ranks, cite });
  }
  for (const [index, item] of (Array.isArray(doc.sameAs) ? doc.sameAs : []).entries()) {
    const at = `sameAs #${index + 1}`;
    if (!isRecord(item) || typeof item.id !== 'string' || typeof item.sameAs !== 'string') {
      problem(at, 'must be a mapping with id and sameAs, e.g. {id: ict-fund, sameAs: asean-ict-fund}');
      continue;
    }
    if (item.id === item.sameAs) problem(at, `"${item.id}" is the same as itself`);
    else sameAs.push({ id: item.id, target: item.sameAs });
  }
  if (doc.sameAs !== undefined && !Array.isArray(doc.sameAs)) problem('sameAs', 'must be a list');
  if (!Array.isArray(doc.entities)) problem('entities', 'must be a list');
  if (!Array.isArray(doc.relations)) problem('relations', 'must be a list');
  return { facts, problems };
}
