import { quoted, userError } from '../errors.ts';
import { type Limit, overLimit } from '../facts/limits.ts';
import { checkValue, idProblem } from '../facts/values.ts';
import {
  isEntityType,
  isRelationType,
  type PropKind,
  propKindOf,
  qualifierKindOf,
} from '../model/ontology.ts';

/**
 * The curation mutations' inputs, checked before a line of YAML is made of them: names against
 * the ontology's own keys, values and strings against their limits (src/facts/limits.ts), with the
 * validator's own rules. The facts file they make is checked again, as `kb:check` checks it; this
 * check comes first because a name that is no ontology name could otherwise overwrite a fact's
 * own fields (a qualifier `from`, a property `id` or `rank`), and because a megabyte refused here
 * is never serialised, parsed and cross-checked.
 */

export interface AddRelationInput {
  type: string;
  from: string;
  to: string;
  source: string;
  section: string;
  quote: string;
  qualifiers?: Record<string, unknown> | null;
  key?: string | null;
}

export interface UpsertEntityInput {
  source: string;
  id: string;
  type: string;
  section: string;
  quote: string;
  /** name, nameTh, aliases, kind…: the ontology's properties of the type. */
  props: Record<string, unknown>;
  /** The version the edit is based on; required when the source already states the entity. */
  version?: string | null;
}

type Problem = string | undefined;

/** Throws BAD_USER_INPUT naming every problem, if there is one. */
function refuse(problems: Problem[]): void {
  const found = problems.filter((problem): problem is string => problem !== undefined);
  if (found.length) throw userError('BAD_USER_INPUT', found.join('; '), { problems: found });
}

/** A string input that must fit a limit; absent ones pass. */
const bounded = (what: string, value: string | null | undefined, limit: Limit): Problem =>
  value === null || value === undefined ? undefined : overLimit(what, value, limit);

/** Each value of `values` whose name `kindOf` knows, checked as the validator checks it. */
function valueProblems(
  values: Record<string, unknown>,
  kindOf: (name: string) => PropKind | undefined,
  what: string,
) {
  return Object.entries(values).map(([name, value]) => {
    const kind = kindOf(name);
    return kind ? checkValue(name, kind, value) : `unknown ${what} ${quoted(name)}`;
  });
}

const citation = (input: { source: string; section: string; quote: string }): Problem[] => [
  bounded('source', input.source, 'id'),
  bounded('section', input.section, 'section'),
  bounded('quote', input.quote, 'quote'),
];

export function checkRelationInput(input: AddRelationInput & { qualifiers: Record<string, unknown> }): void {
  refuse([
    isRelationType(input.type) ? undefined : `unknown relation type ${quoted(input.type)}`,
    idProblem('from', input.from),
    idProblem('to', input.to),
    ...citation(input),
    bounded('key', input.key, 'key'),
    ...valueProblems(input.qualifiers, qualifierKindOf, 'qualifier'),
  ]);
}

export function checkEntityInput(input: UpsertEntityInput): void {
  const { type, props } = input;
  if (typeof props !== 'object' || props === null || Array.isArray(props))
    refuse(['props must be an object, e.g. {"name": "Thailand"}']);
  refuse([
    isEntityType(type) ? undefined : `unknown type ${quoted(type)}`,
    bounded('id', input.id, 'id'),
    ...citation(input),
    bounded('version', input.version, 'version'),
    ...(isEntityType(type) ? valueProblems(props, (name) => propKindOf(type, name), 'property') : []),
  ]);
}

/** A fact id, version and reason as retractFact, setRank and undo take them. */
export function checkFactInput(fact: string, version?: string | null, reason?: string | null): void {
  refuse([
    bounded('fact id', fact, 'fact'),
    bounded('version', version, 'version'),
    bounded('reason', reason, 'reason'),
  ]);
}
