import { isIsoDate } from '../dates.ts';
import { clip, quoted } from '../errors.ts';
import type { PropKind } from '../model/ontology.ts';
import { limitOf, overLimit, tooManyAliases } from './limits.ts';
import type { RelationFact } from './source-facts.ts';

/** Checks of single values of a facts file: ids, property and qualifier values, quotes. */

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
export const shown = (value: unknown) => (typeof value === 'string' ? quoted(value) : clip(value));

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
