import { isIsoDate } from '../dates.ts';
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
  cite: Citation;
}

export interface RelationFact {
  id: string;
  type: RelationType;
  from: string;
  to: string;
  qualifiers: Record<string, unknown>;
  cite: Citation;
}

export interface SourceMeta {
  id: string;
  titleEn: string;
  titleTh: string;
  date: string;
  issuer: string;
  language: string;
  url?: string;
}

export interface SourceFacts {
  meta: SourceMeta;
  text: string;
  entities: EntityFact[];
  relations: RelationFact[];
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

const idPattern = /^[a-z0-9][a-z0-9-]*$/;
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

function isRecord(value: unknown): value is Record<string, unknown> {
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
  const facts = { meta, text: sourceText, entities, relations };

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
      if (key === 'id' || key === 'type' || key === 'section' || key === 'quote') continue;
      const kind = allowed[key];
      if (!kind) {
        problem(at, `unknown property "${key}" for type ${type}`);
        continue;
      }
      const bad = checkValue(kind, value);
      if (bad) problem(at, `${key} ${bad}`);
      props[key] = value;
    }
    if (typeof props.name !== 'string') problem(at, 'needs an English name');
    const kinds = (entityTypes[type] as EntityTypeDef).kinds;
    if (kinds && props.kind !== undefined && !kinds.includes(String(props.kind))) {
      problem(at, `kind "${String(props.kind)}" is not one of ${kinds.join(', ')}`);
    }
    const cite = readCitation(at, item);
    if (cite) entities.push({ id, type, props, cite });
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
    for (const [end, value] of [
      ['from', from],
      ['to', to],
    ] as const) {
      if (typeof value !== 'string' || !ids.has(value)) {
        problem(at, `${end} "${String(value)}" is not an entity of this file`);
      }
    }
    const qualifiers: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(item)) {
      if (['type', 'from', 'to', 'key', 'section', 'quote'].includes(name)) continue;
      const kind = qualifierKinds[name];
      if (!kind) {
        problem(at, `unknown qualifier "${name}"`);
        continue;
      }
      const bad = checkValue(kind, value);
      if (bad) problem(at, `${name} ${bad}`);
      qualifiers[name] = value;
    }
    const id = [meta.id, type, from, to, key].filter((part) => part !== undefined).join(':');
    if (relationIds.has(id)) problem(at, 'duplicate relation: give one of them a distinct `key`');
    relationIds.add(id);
    const cite = readCitation(at, item);
    if (cite) relations.push({ id, type, from: String(from), to: String(to), qualifiers, cite });
  }
  if (!Array.isArray(doc.entities)) problem('entities', 'must be a list');
  if (!Array.isArray(doc.relations)) problem('relations', 'must be a list');
  return { facts, problems };
}
