import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { userError } from '../errors.ts';
import { readSourceMeta } from '../facts/source-files.ts';
import type { Rank } from '../model/claims.ts';
import type { AuditEvent } from './audit-log.ts';
import { type FactList, factLines, relationLine, versionOf } from './facts-edit.ts';
import {
  type AddRelationInput,
  checkEntityInput,
  checkFactInput,
  checkRelationInput,
  type UpsertEntityInput,
} from './input-checks.ts';
import type { AuditFields, Edit } from './prepare.ts';

/**
 * The edit phase of a write: what a request changes, as data. A fact's edit names its facts file,
 * the fact and the lines that take its place (the write worker applies and checks it); a source's
 * edit is the files it adds or removes, with the audit fields they record.
 */

export const conflict = (message: string) => userError('CONFLICT', message);

/** `<source>#<id>`: relation ids hold `:`, entity ids never do. */
export function parseFactId(fact: string): { source: string; list: FactList; id: string } {
  const hash = fact.indexOf('#');
  if (hash < 1 || hash === fact.length - 1)
    throw userError(
      'BAD_USER_INPUT',
      `fact ids look like "<source>#<entity or relation id>", got ${JSON.stringify(fact.slice(0, 80))}`,
    );
  const id = fact.slice(hash + 1);
  return { source: fact.slice(0, hash), list: id.includes(':') ? 'relations' : 'entities', id };
}

export function relationEdit(input: AddRelationInput): Edit {
  const { type, from, to, source, section, quote, key } = input;
  const qualifiers = input.qualifiers ?? {};
  if (typeof qualifiers !== 'object' || Array.isArray(qualifiers))
    throw userError('BAD_USER_INPUT', 'qualifiers must be an object, e.g. {"role": "Chair"}');
  checkRelationInput({ ...input, qualifiers });
  const relation = { type, from, to, ...qualifiers, ...(key ? { key } : {}), section, quote };
  return {
    action: 'addRelation',
    source,
    list: 'relations',
    id: idFor(relation),
    expected: null,
    lines: { kind: 'relation', relation },
  };
}

export function entityEdit(input: UpsertEntityInput): Edit {
  checkEntityInput(input);
  const { source, id, type, section, quote, props, version } = input;
  const entity = { id, type, ...props, section, quote };
  return {
    action: 'upsertEntity',
    source,
    list: 'entities',
    id,
    expected: version ?? null,
    lines: { kind: 'entity', entity },
  };
}

export function retractEdit(fact: string, reason: string, version?: string | null): Edit {
  if (!reason.trim()) throw userError('BAD_USER_INPUT', 'a retraction needs a reason');
  checkFactInput(fact, version, reason);
  const { source, list, id } = parseFactId(fact);
  return { action: 'retractFact', source, list, id, expected: version, lines: null, reason };
}

export function rankEdit(fact: string, rank: Rank, version?: string | null): Edit {
  checkFactInput(fact, version);
  const { source, list, id } = parseFactId(fact);
  return { action: 'setRank', source, list, id, expected: version, lines: { kind: 'rank', rank } };
}

/**
 * The event `eventId` of the log, and how to revert it: its fact goes back to the lines it had
 * before (an edit), or, for a createSource, the source goes (`removeSource`).
 */
export function undoEdit(events: AuditEvent[], eventId: string): { event: AuditEvent; edit?: Edit } {
  const event = events.find((candidate) => candidate.id === eventId);
  if (!event) throw userError('NOT_FOUND', `no audit event ${JSON.stringify(eventId.slice(0, 80))}`);
  if (events.some((later) => later.undoes === event.id))
    throw conflict(`event ${event.id} is already undone`);
  if (event.action === 'createSource') return { event };
  const undone = events.find((earlier) => earlier.id === event.undoes);
  if (undone?.action === 'createSource')
    throw userError('BAD_USER_INPUT', `source ${event.source} was removed; add it again with createSource`);
  const { list, id } = parseFactId(event.fact);
  const before = event.before;
  return {
    event,
    edit: {
      action: 'undo',
      source: event.source,
      list,
      id,
      expected: event.after === null ? null : versionOf(event.after),
      lines: before === null ? null : { kind: 'lines', lines: before },
      anchor: event.anchor,
      undoes: event.id,
    },
  };
}

/** A new source's files may not replace any: refused when a file of its name exists. */
export function checkSourceFree(dataDir: string, id: string, files: Iterable<string>): void {
  const taken = [...files].filter((file) => existsSync(file));
  if (taken.length)
    throw conflict(
      `source ${id} exists already (${taken.map((file) => relative(dataDir, file)).join(', ')})`,
    );
}

/** What a createSource records: the source, and its metadata as the lines it adds. */
export function createdFields(dataDir: string, id: string, files: Map<string, string>): AuditFields {
  const meta = files.get(join(dataDir, 'sources', `${id}.meta.yaml`)) ?? null;
  return {
    action: 'createSource',
    source: id,
    fact: id,
    entities: [id],
    reason: null,
    before: null,
    after: meta,
    anchor: null,
    undoes: null,
  };
}

/** Undoing createSource: its three files go (and an import's original), recorded as the undo. */
export function removedSource(dataDir: string, created: AuditEvent) {
  const source = created.source;
  const original = readSourceMeta(source, dataDir)?.original?.stored;
  const files = new Map<string, null>(
    [
      `sources/${source}.txt`,
      `sources/${source}.meta.yaml`,
      `facts/${source}.yaml`,
      ...(original ? [`sources/${original}`] : []),
    ].map((file) => [join(dataDir, file), null]),
  );
  const fields: AuditFields = {
    action: 'undo',
    source,
    fact: created.fact,
    entities: created.entities,
    reason: null,
    before: created.after,
    after: null,
    anchor: null,
    undoes: created.id,
  };
  return { files, fields };
}

function idFor(relation: Record<string, unknown>): string {
  return factLines(`relations:\n${relationLine(relation)}`, 'relations')[0]?.id ?? '';
}
