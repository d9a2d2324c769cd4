import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { parse } from 'yaml';
import { userError } from '../errors.ts';
import type { ScopedChecker } from '../facts/scoped-check.ts';
import { formatProblem, type SourceFacts } from '../facts/source-facts.ts';
import { factsFileOf, listSourceIds } from '../facts/source-files.ts';
import type { ReconcileScope } from '../loader/reconcile-scope.ts';
import { reconcileScope } from '../loader/reconcile-scope.ts';
import type { Rank } from '../model/claims.ts';
import { glossaryFor } from '../search/glossary.ts';
import {
  entityLines,
  type FactList,
  factLines,
  insertFact,
  relationLine,
  removeFact,
  replaceFact,
} from './facts-edit.ts';

/**
 * The part of a write that parses and checks facts files, run by the write worker
 * (src/curation/write-worker.ts) so that a large file never stalls the server's event loop.
 * Everything here is plain data in and out: it crosses a thread.
 */

/** What an audit event records of a write, besides who and when. */
export interface AuditFields {
  action: 'createSource' | 'addRelation' | 'upsertEntity' | 'retractFact' | 'setRank' | 'undo';
  source: string;
  /** The fact: `<source>#<entity id or relation id>`. */
  fact: string;
  /** Entities the fact is about, for `auditLog(entity:)`. */
  entities: string[];
  reason: string | null;
  /** The fact's lines in the facts file before and after (a source's metadata); null where it did not exist. */
  before: string | null;
  after: string | null;
  /** The fact before it in its list, where an undo puts removed lines back. */
  anchor: string | null;
  undoes: string | null;
}

/** The lines a write puts in place of a fact's, as data: a relation, an entity, a rank, or lines as they were. */
export type NewLines =
  | { kind: 'relation'; relation: Record<string, unknown> }
  | { kind: 'entity'; entity: Record<string, unknown> }
  | { kind: 'rank'; rank: Rank }
  | { kind: 'lines'; lines: string };

export interface Edit {
  action: AuditFields['action'];
  source: string;
  list: FactList;
  id: string;
  /** The version the write expects: null = the fact must not exist yet; undefined = no check. */
  expected: string | null | undefined;
  /** Null removes the fact. */
  lines: NewLines | null;
  anchor?: string | null;
  reason?: string | null;
  undoes?: string;
}

/** A write ready to commit: the files as they will read, the event's fields, the source as checked. */
export interface Prepared {
  files: Array<[string, string | null]>;
  fields: AuditFields;
  /** Null when the source's facts file goes. */
  facts: SourceFacts | null;
  /** The sources the check read again. */
  checked: string[];
  /** What the write changes in the source, for reconcileSource; undefined: the whole source. */
  scope?: ReconcileScope;
}

const conflict = (message: string) => userError('CONFLICT', message);

/** Reads the fact's file, edits it as text and checks the result. */
export function prepareEdit(checker: ScopedChecker, dir: string, edit: Edit): Prepared {
  const oldText = readFacts(dir, edit.source);
  const items = factLines(oldText, edit.list);
  const index = items.findIndex((item) => item.id === edit.id);
  const current = items[index];
  if (edit.expected === null && current)
    throw conflict(
      `source ${edit.source} already states ${edit.id} (version ${current.version}); edit that one`,
    );
  if (edit.expected !== null && !current)
    throw userError(
      'NOT_FOUND',
      `source ${edit.source} states no ${edit.list === 'entities' ? 'entity' : 'relation'} ${edit.id}`,
    );
  if (edit.expected && current && current.version !== edit.expected)
    throw conflict(
      `${edit.id} changed since version ${edit.expected}: it is now version ${current.version}; reload and try again`,
    );
  const build = edit.lines && linesOf(edit.list, edit.lines, current?.text);
  let newText: string;
  let after: string | null = null;
  if (!build) newText = removeFact(oldText, edit.list, current as (typeof items)[number], items.length);
  else if (current) {
    after = build(/^( *)-/.exec(current.text)?.[1] ?? '  ');
    newText = replaceFact(oldText, current, after);
  } else {
    const inserted = insertFact(oldText, edit.list, build, edit.anchor ?? undefined);
    newText = inserted.text;
    after = inserted.lines;
  }
  const files = new Map([[factsFileOf(edit.source, dir), newText]]);
  return checkFiles(checker, dir, files, {
    action: edit.action,
    source: edit.source,
    fact: `${edit.source}#${edit.id}`,
    entities: edit.list === 'entities' ? [edit.id] : edit.id.split(':').slice(1, 3),
    reason: edit.reason ?? null,
    before: current?.text ?? null,
    after,
    anchor: current ? (items[index - 1]?.id ?? null) : (edit.anchor ?? null),
    undoes: edit.undoes ?? null,
  });
}

/**
 * The source as it would read with `files` in place, checked as `kb:check` checks it, across
 * files too; sources that were broken already do not count.
 */
export function checkFiles(
  checker: ScopedChecker,
  dir: string,
  files: Map<string, string | null>,
  fields: AuditFields,
): Prepared {
  const { problems, facts, checked, previous } = checker.check(dir, fields.source, files);
  if (problems.length) {
    throw userError(
      'BAD_USER_INPUT',
      `the change does not check: ${problems.map((problem) => `${problem.at}: ${problem.reason}`).join('; ')}`,
      {
        problems: problems.map((problem) => formatProblem({ ...problem, file: relative(dir, problem.file) })),
      },
    );
  }
  if (files.get(factsFileOf(fields.source, dir)) !== null && !facts)
    throw new Error(`source ${fields.source} did not check`);
  return {
    files: [...files],
    fields,
    facts,
    checked,
    scope: reconcileScope(previous, facts, glossaryFor(dir)),
  };
}

/** A fact as its facts file states it now, with its version; null when the source does not state it. */
export function factOf(dir: string, source: string, list: FactList, id: string) {
  const current = factLines(readFacts(dir, source), list).find((item) => item.id === id);
  return current ? { lines: current.text, version: current.version } : null;
}

/** How many entities and relations the source states. */
export function statedCount(dir: string, source: string): number {
  const text = readFacts(dir, source);
  return factLines(text, 'entities').length + factLines(text, 'relations').length;
}

function readFacts(dir: string, source: string): string {
  if (!listSourceIds(dir).includes(source))
    throw userError('NOT_FOUND', `no source ${JSON.stringify(source.slice(0, 80))} (createSource adds one)`);
  return readFileSync(factsFileOf(source, dir), 'utf8');
}

/** Builds the new lines with the list's indentation, from the fact's current lines for a rank. */
function linesOf(list: FactList, lines: NewLines, current?: string): (indent: string) => string {
  switch (lines.kind) {
    case 'relation':
      return (indent) => relationLine(lines.relation, indent);
    case 'entity':
      return (indent) => entityLines(lines.entity, indent);
    case 'lines':
      return (indent) => reindent(lines.lines, indent);
    case 'rank':
      return (indent) => {
        const [item] = parse(current ?? '') as [Record<string, unknown>];
        const { rank: _, section, quote, ...rest } = item;
        const ranked = { ...rest, ...(lines.rank === 'normal' ? {} : { rank: lines.rank }), section, quote };
        return list === 'relations' ? relationLine(ranked, indent) : entityLines(ranked, indent);
      };
  }
}

/** Lines written at one indentation, moved to another. */
function reindent(lines: string, indent: string): string {
  const current = /^( *)-/.exec(lines)?.[1] ?? '';
  if (current === indent) return lines;
  return lines
    .split('\n')
    .map((line) => (line.startsWith(current) ? indent + line.slice(current.length) : line))
    .join('\n');
}
