import { clip, quoted } from '../errors.ts';
import { asOfProblem, type Rank, ranks } from '../model/claims.ts';
import {
  type EntityType,
  type EntityTypeDef,
  entityTypes,
  isEntityType,
  isRelationType,
  propKindOf,
  qualifierKindOf,
  statuses,
} from '../model/ontology.ts';
import { parseFactsYaml } from './facts-yaml.ts';
import { overLimit } from './limits.ts';
import type {
  Citation,
  EntityFact,
  Problem,
  Reference,
  RelationFact,
  SameAs,
  SourceFacts,
  SourceMeta,
} from './source-facts.ts';
import { checkValue, idPattern, idProblem, isRecord, normalizeText, relationIdOf, shown } from './values.ts';

/** One file's check in progress: where its problems go, and the text its quotes must occur in. */
interface Check {
  meta: SourceMeta;
  normalizedSource: string;
  problem(at: string, reason: string): void;
  /** Records `reason`, if there is one, and says whether there was. */
  report(at: string, reason: string | undefined): boolean;
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
  const check: Check = {
    meta,
    normalizedSource: normalizeText(sourceText),
    problem,
    report: (at, reason) => {
      if (reason) problem(at, reason);
      return reason !== undefined;
    },
  };
  const facts = {
    meta,
    text: sourceText,
    entities: [] as EntityFact[],
    relations: [] as RelationFact[],
    sameAs: [] as SameAs[],
    references: [] as Reference[],
  };
  const doc = parseDocument(check, yamlText);
  if (!doc) return { facts, problems };
  if (doc.source !== meta.id) problem('source', `must be "${meta.id}", got ${shown(doc.source)}`);
  facts.entities = readEntities(check, doc.entities);
  facts.relations = readRelations(check, doc.relations);
  facts.sameAs = readSameAs(check, doc.sameAs);
  if (doc.sameAs !== undefined && !Array.isArray(doc.sameAs)) problem('sameAs', 'must be a list');
  if (!Array.isArray(doc.entities)) problem('entities', 'must be a list');
  if (!Array.isArray(doc.relations)) problem('relations', 'must be a list');
  return { facts, problems };
}

/** The file as a mapping; undefined, with the problem recorded, when it is not one. */
function parseDocument(check: Check, yamlText: string): Record<string, unknown> | undefined {
  let doc: unknown;
  try {
    doc = parseFactsYaml(yamlText);
  } catch (error) {
    check.problem('file', `is not valid YAML: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  if (isRecord(doc)) return doc;
  check.problem('file', 'must be a mapping with source, entities and relations');
  return undefined;
}

const itemsOf = (list: unknown): unknown[] => (Array.isArray(list) ? list : []);

/** A fact's section and quote; the quote must occur in the source's text. */
function readCitation(check: Check, at: string, item: Record<string, unknown>): Citation | undefined {
  const { section, quote } = item;
  if (typeof section === 'number')
    check.problem(at, `section must be quoted ("${section}"), or 2.10 would read as 2.1`);
  else if (typeof section !== 'string' || section.trim() === '') check.problem(at, 'needs a section');
  else check.report(at, overLimit('section', section, 'section'));
  if (typeof quote !== 'string' || quote.trim() === '') {
    check.problem(at, 'needs a quote from the source');
    return undefined;
  }
  if (check.report(at, overLimit('quote', quote, 'quote'))) return undefined;
  if (!check.normalizedSource.includes(normalizeText(quote))) {
    check.problem(at, `quote does not occur in source ${check.meta.id}: "${quote.slice(0, 80)}"`);
  }
  return { section: String(section ?? ''), quote };
}

/** `asOf`: the date the fact's statement describes, when not the source's (docs/design/claims.md). */
function readAsOf(check: Check, at: string, value: unknown): { asOf?: string } {
  return value === undefined || check.report(at, asOfProblem(value, check.meta.date))
    ? {}
    : { asOf: String(value) };
}

/** `rank: preferred` ranks every claim of the fact; `rank: {status: preferred}` one of them. */
function readRanks(check: Check, at: string, rank: unknown, claimed: string[]): Record<string, Rank> {
  if (rank === undefined) return {};
  const isRank = (value: unknown): value is Rank => ranks.includes(value as Rank);
  if (isRank(rank)) return Object.fromEntries(claimed.map((key) => [key, rank]));
  if (!isRecord(rank)) {
    check.problem(at, `rank must be one of ${ranks.join(', ')}, or a map of property to rank`);
    return {};
  }
  const out: Record<string, Rank> = {};
  for (const [key, value] of Object.entries(rank)) {
    if (!claimed.includes(key))
      check.problem(at, `rank names ${quoted(key)}, which this fact does not state`);
    else if (!isRank(value)) check.problem(at, `rank of ${key} must be one of ${ranks.join(', ')}`);
    else out[key] = value;
  }
  return out;
}

function readEntities(check: Check, list: unknown): EntityFact[] {
  const entities: EntityFact[] = [];
  const ids = new Set<string>();
  for (const [index, item] of itemsOf(list).entries()) {
    if (!isRecord(item)) {
      check.problem(`entity #${index + 1}`, 'must be a mapping');
      continue;
    }
    const id = String(item.id ?? '');
    const at = `entity ${clip(id) || `#${index + 1}`}`;
    if (!idPattern.test(id)) check.problem(at, 'id must be lower-case letters, digits and dashes');
    else check.report(at, overLimit('id', id, 'id'));
    if (ids.has(id)) check.problem(at, 'duplicate id');
    ids.add(id);
    const type = String(item.type ?? '');
    if (!isEntityType(type)) {
      check.problem(at, `unknown type ${quoted(type)}`);
      continue;
    }
    const props = readProps(check, at, type, item);
    const ranks = readRanks(check, at, item.rank, Object.keys(props));
    const cite = readCitation(check, at, item);
    if (cite) entities.push({ id, type, props, ranks, ...readAsOf(check, at, item.asOf), cite });
  }
  return entities;
}

/** An entity's properties: those its type has, each checked, with its kind and status. */
function readProps(check: Check, at: string, type: EntityType, item: Record<string, unknown>) {
  const props: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(item)) {
    if (['id', 'type', 'section', 'quote', 'rank', 'asOf'].includes(key)) continue;
    const kind = propKindOf(type, key);
    if (!kind) {
      check.problem(at, `unknown property ${quoted(key)} for type ${type}`);
      continue;
    }
    check.report(at, checkValue(key, kind, value));
    props[key] = value;
  }
  const kinds = (entityTypes[type] as EntityTypeDef).kinds;
  if (kinds && props.kind !== undefined && !kinds.includes(String(props.kind))) {
    check.problem(at, `kind ${quoted(String(props.kind))} is not one of ${kinds.join(', ')}`);
  }
  if (props.status !== undefined && !(statuses as readonly string[]).includes(String(props.status))) {
    check.problem(at, `status ${quoted(String(props.status))} is not one of ${statuses.join(', ')}`);
  }
  return props;
}

function readRelations(check: Check, list: unknown): RelationFact[] {
  const relations: RelationFact[] = [];
  const relationIds = new Set<string>();
  for (const [index, item] of itemsOf(list).entries()) {
    if (!isRecord(item)) {
      check.problem(`relation #${index + 1}`, 'must be a mapping');
      continue;
    }
    const { type, from, to, key } = item;
    const at = `relation #${index + 1} (${clip(type, 40)} ${clip(from, 40)} -> ${clip(to, 40)})`;
    if (typeof type !== 'string' || !isRelationType(type)) {
      check.problem(at, `unknown relation type ${quoted(String(type))}`);
      continue;
    }
    // An end this file does not declare must be declared by another: checkSources checks.
    check.report(at, idProblem('from', from));
    check.report(at, idProblem('to', to));
    if (key !== undefined && typeof key !== 'string') check.problem(at, 'key must be a string');
    else if (key !== undefined) check.report(at, overLimit('key', key, 'key'));
    const qualifiers = readQualifiers(check, at, item);
    const ends = { type, from: String(from), to: String(to), qualifiers };
    const fact = key === undefined ? ends : { ...ends, key: String(key) };
    const id = relationIdOf(fact);
    if (relationIds.has(id)) check.problem(at, 'duplicate relation: give one of them a distinct `key`');
    relationIds.add(id);
    const ranks = readRanks(check, at, item.rank, [...Object.keys(qualifiers), type]);
    const cite = readCitation(check, at, item);
    if (cite) relations.push({ ...fact, id, ranks, ...readAsOf(check, at, item.asOf), cite });
  }
  return relations;
}

function readQualifiers(check: Check, at: string, item: Record<string, unknown>) {
  const qualifiers: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) {
    if (['type', 'from', 'to', 'key', 'section', 'quote', 'rank', 'asOf'].includes(name)) continue;
    const kind = qualifierKindOf(name);
    if (!kind) {
      check.problem(at, `unknown qualifier ${quoted(name)}`);
      continue;
    }
    check.report(at, checkValue(name, kind, value));
    qualifiers[name] = value;
  }
  return qualifiers;
}

function readSameAs(check: Check, list: unknown): SameAs[] {
  const sameAs: SameAs[] = [];
  for (const [index, item] of itemsOf(list).entries()) {
    const at = `sameAs #${index + 1}`;
    if (!isRecord(item) || typeof item.id !== 'string' || typeof item.sameAs !== 'string') {
      check.problem(at, 'must be a mapping with id and sameAs, e.g. {id: ict-fund, sameAs: asean-ict-fund}');
      continue;
    }
    const bad = idProblem('id', item.id) ?? idProblem('sameAs', item.sameAs);
    if (bad) check.problem(at, bad);
    else if (item.id === item.sameAs) check.problem(at, `"${item.id}" is the same as itself`);
    else sameAs.push({ id: item.id, target: item.sameAs });
  }
  return sameAs;
}
