import { isIsoDate } from '../dates.ts';
import { clip, quoted } from '../errors.ts';
import { asOfProblem, type Rank, ranks } from './claims.ts';
import { parseFactsYaml } from './facts-yaml.ts';
import { limitOf, overLimit, tooManyAliases } from './limits.ts';
import {
  type EntityType,
  type EntityTypeDef,
  entityTypes,
  isEntityType,
  isRelationType,
  type PropKind,
  propKindOf,
  qualifierKindOf,
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
  /** The date the fact's statement describes, when not the source's (docs/claims.md). */
  asOf?: string;
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
  /** Per qualifier, and under the relation's type for the relation itself (single-valued ones). */
  ranks?: Record<string, Rank>;
  asOf?: string;
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

/** What is wrong with an id: its letters or its length. */
export function idProblem(what: string, value: unknown): string | undefined {
  if (typeof value !== 'string' || !idPattern.test(value)) return `${what} must be an entity id`;
  return overLimit(what, value, 'id');
}

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

/** What is wrong with the value of the property or qualifier `name`, bounds included; undefined if nothing. */
export function checkValue(name: string, kind: PropKind, value: unknown): string | undefined {
  switch (kind) {
    case 'string':
      return typeof value === 'string' && value.trim() !== ''
        ? overLimit(name, value, limitOf(name))
        : `${name} must be a non-empty string`;
    case 'strings': {
      if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' && item.trim() !== ''))
        return `${name} must be a list of non-empty strings`;
      const long = value.findIndex((item: string) => overLimit(name, item, limitOf(name)));
      return (
        tooManyAliases(value.length) ??
        (long < 0 ? undefined : overLimit(`${name} #${long + 1}`, value[long], limitOf(name)))
      );
    }
    case 'date':
      return isIsoDate(value) ? undefined : `${name} must be an ISO date (YYYY-MM-DD), got ${shown(value)}`;
    case 'decimal':
      return typeof value === 'string' && decimalPattern.test(value)
        ? undefined
        : `${name} must be a decimal written as a quoted string with at most 2 decimals (e.g. "602444.70"), got ${shown(value)}`;
    case 'integer':
      return Number.isSafeInteger(value) ? undefined : `${name} must be a whole number, got ${shown(value)}`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `${name} must be true or false`;
  }
}

/** A value in a message: strings quoted, and none echoed whole. */
const shown = (value: unknown) => (typeof value === 'string' ? quoted(value) : clip(value));

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
  /** Records `reason`, if there is one, and says whether there was. */
  const report = (at: string, reason: string | undefined): boolean => {
    if (reason) problem(at, reason);
    return reason !== undefined;
  };
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
  if (doc.source !== meta.id) problem('source', `must be "${meta.id}", got ${shown(doc.source)}`);

  const readCitation = (at: string, item: Record<string, unknown>): Citation | undefined => {
    const { section, quote } = item;
    if (typeof section === 'number')
      problem(at, `section must be quoted ("${section}"), or 2.10 would read as 2.1`);
    else if (typeof section !== 'string' || section.trim() === '') problem(at, 'needs a section');
    else report(at, overLimit('section', section, 'section'));
    if (typeof quote !== 'string' || quote.trim() === '') {
      problem(at, 'needs a quote from the source');
      return undefined;
    }
    if (report(at, overLimit('quote', quote, 'quote'))) return undefined;
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
      if (!claimed.includes(key)) problem(at, `rank names ${quoted(key)}, which this fact does not state`);
      else if (!isRank(value)) problem(at, `rank of ${key} must be one of ${ranks.join(', ')}`);
      else out[key] = value;
    }
    return out;
  };

  const readAsOf = (at: string, value: unknown) =>
    value === undefined || report(at, asOfProblem(value, meta.date)) ? {} : { asOf: String(value) };

  const ids = new Set<string>();
  for (const [index, item] of (Array.isArray(doc.entities) ? doc.entities : []).entries()) {
    if (!isRecord(item)) {
      problem(`entity #${index + 1}`, 'must be a mapping');
      continue;
    }
    const id = String(item.id ?? '');
    const at = `entity ${clip(id) || `#${index + 1}`}`;
    if (!idPattern.test(id)) problem(at, 'id must be lower-case letters, digits and dashes');
    else report(at, overLimit('id', id, 'id'));
    if (ids.has(id)) problem(at, 'duplicate id');
    ids.add(id);
    const type = String(item.type ?? '');
    if (!isEntityType(type)) {
      problem(at, `unknown type ${quoted(type)}`);
      continue;
    }
    const props: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(item)) {
      if (['id', 'type', 'section', 'quote', 'rank', 'asOf'].includes(key)) continue;
      const kind = propKindOf(type, key);
      if (!kind) {
        problem(at, `unknown property ${quoted(key)} for type ${type}`);
        continue;
      }
      const bad = checkValue(key, kind, value);
      if (bad) problem(at, bad);
      props[key] = value;
    }
    const kinds = (entityTypes[type] as EntityTypeDef).kinds;
    if (kinds && props.kind !== undefined && !kinds.includes(String(props.kind))) {
      problem(at, `kind ${quoted(String(props.kind))} is not one of ${kinds.join(', ')}`);
    }
    if (props.status !== undefined && !(statuses as readonly string[]).includes(String(props.status))) {
      problem(at, `status ${quoted(String(props.status))} is not one of ${statuses.join(', ')}`);
    }
    const ranks = readRanks(at, item.rank, Object.keys(props));
    const cite = readCitation(at, item);
    if (cite) entities.push({ id, type, props, ranks, ...readAsOf(at, item.asOf), cite });
  }

  const relationIds = new Set<string>();
  for (const [index, item] of (Array.isArray(doc.relations) ? doc.relations : []).entries()) {
    if (!isRecord(item)) {
      problem(`relation #${index + 1}`, 'must be a mapping');
      continue;
    }
    const { type, from, to, key } = item;
    const at = `relation #${index + 1} (${clip(type, 40)} ${clip(from, 40)} -> ${clip(to, 40)})`;
    if (typeof type !== 'string' || !isRelationType(type)) {
      problem(at, `unknown relation type ${quoted(String(type))}`);
      continue;
    }
    // An end this file does not declare must be declared by another: checkSources checks.
    for (const [end, value] of [
      ['from', from],
      ['to', to],
    ] as const) {
      report(at, idProblem(end, value));
    }
    if (key !== undefined && typeof key !== 'string') problem(at, 'key must be a string');
    else if (key !== undefined) report(at, overLimit('key', key, 'key'));
    const qualifiers: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(item)) {
      if (['type', 'from', 'to', 'key', 'section', 'quote', 'rank', 'asOf'].includes(name)) continue;
      const kind = qualifierKindOf(name);
      if (!kind) {
        problem(at, `unknown qualifier ${quoted(name)}`);
        continue;
      }
      const bad = checkValue(name, kind, value);
      if (bad) problem(at, bad);
      qualifiers[name] = value;
    }
    const ends = { type, from: String(from), to: String(to), qualifiers };
    const fact = key === undefined ? ends : { ...ends, key: String(key) };
    const id = relationIdOf(fact);
    if (relationIds.has(id)) problem(at, 'duplicate relation: give one of them a distinct `key`');
    relationIds.add(id);
    const ranks = readRanks(at, item.rank, [...Object.keys(qualifiers), type]);
    const cite = readCitation(at, item);
    if (cite) relations.push({ ...fact, id, ranks, ...readAsOf(at, item.asOf), cite });
  }
  for (const [index, item] of (Array.isArray(doc.sameAs) ? doc.sameAs : []).entries()) {
    const at = `sameAs #${index + 1}`;
    if (!isRecord(item) || typeof item.id !== 'string' || typeof item.sameAs !== 'string') {
      problem(at, 'must be a mapping with id and sameAs, e.g. {id: ict-fund, sameAs: asean-ict-fund}');
      continue;
    }
    const bad = idProblem('id', item.id) ?? idProblem('sameAs', item.sameAs);
    if (bad) problem(at, bad);
    else if (item.id === item.sameAs) problem(at, `"${item.id}" is the same as itself`);
    else sameAs.push({ id: item.id, target: item.sameAs });
  }
  if (doc.sameAs !== undefined && !Array.isArray(doc.sameAs)) problem('sameAs', 'must be a list');
  if (!Array.isArray(doc.entities)) problem('entities', 'must be a list');
  if (!Array.isArray(doc.relations)) problem('relations', 'must be a list');
  return { facts, problems };
}
