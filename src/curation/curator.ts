import { randomUUID } from 'node:crypto';
import {
  appendFileSync,
  existsSync,
  readFileSync,
  renameSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Principal } from '../auth/tokens.ts';
import type { Database } from '../db/database.ts';
import { userError } from '../errors.ts';
import type { Rank } from '../kb/claims.ts';
import { reconcileSource, type SourceChange, SourceConflictError } from '../kb/load.ts';
import { checkSources } from '../kb/load-all.ts';
import { factsFileOf, listSourceIds } from '../kb/source-files.ts';
import { formatProblem } from '../kb/validate.ts';
import {
  entityLines,
  type FactLines,
  type FactList,
  factLines,
  insertFact,
  relationLine,
  removeFact,
  replaceFact,
  versionOf,
} from './facts-edit.ts';

/** One write, as the audit log keeps it: who, when, what, before and after. */
export interface AuditEvent {
  id: string;
  /** Position in the log, from 1. */
  seq: number;
  at: string;
  actor: string;
  tokenId: string;
  action: 'addRelation' | 'upsertEntity' | 'retractFact' | 'setRank' | 'undo';
  source: string;
  /** The fact: `<source>#<entity id or relation id>`. */
  fact: string;
  /** Entities the fact is about, for `auditLog(entity:)`. */
  entities: string[];
  reason: string | null;
  /** The fact's lines in the facts file before and after; null where it did not exist. */
  before: string | null;
  after: string | null;
  /** The fact before it in its list, where an undo puts removed lines back. */
  anchor: string | null;
  undoes: string | null;
}

export interface WriteResult {
  event: AuditEvent;
  change: SourceChange;
  /** The fact's version after the write; null when it was removed. */
  version: string | null;
  /** True for a preview: nothing was written. */
  dryRun: boolean;
}

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

interface Edit {
  action: AuditEvent['action'];
  source: string;
  list: FactList;
  id: string;
  /** The version the write expects: null = the fact must not exist yet; undefined = no check. */
  expected: string | null | undefined;
  /** The new lines, built with the list's indentation from the fact's current lines; null removes it. */
  lines: ((indent: string, current?: FactLines) => string) | null;
  anchor?: string | null;
  reason?: string | null;
  undoes?: string;
}

const conflict = (message: string) => userError('CONFLICT', message);

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

/**
 * Curation writes: each edits one fact of one facts file as text, checks the result exactly as
 * `kb:check` does, and applies it to Neo4j through the loader's `reconcileSource`, with the file
 * renamed into place and the audit line appended inside the same transaction: when any step
 * fails, the file, the log and the graph are left as they were. Writes run one at a time, over
 * all sources: the check across files (ids one source declares and another cites) is only sound
 * against a state no other write is changing.
 */
export class Curator {
  /** The write in progress: the next one starts when it settles. */
  private tail: Promise<unknown> = Promise.resolve();
  readonly auditFile: string;

  constructor(
    private readonly db: Database,
    readonly dataDir: string,
  ) {
    this.auditFile = join(dataDir, 'audit.jsonl');
  }

  addRelation(actor: Principal, input: AddRelationInput, dryRun = false): Promise<WriteResult> {
    const { type, from, to, source, section, quote, key } = input;
    const qualifiers = input.qualifiers ?? {};
    if (typeof qualifiers !== 'object' || Array.isArray(qualifiers))
      throw userError('BAD_USER_INPUT', 'qualifiers must be an object, e.g. {"role": "Chair"}');
    const relation = { type, from, to, ...qualifiers, ...(key ? { key } : {}), section, quote };
    return this.write(actor, dryRun, {
      action: 'addRelation',
      source,
      list: 'relations',
      id: idFor(relation),
      expected: null,
      lines: (indent) => relationLine(relation, indent),
    });
  }

  upsertEntity(actor: Principal, input: UpsertEntityInput, dryRun = false): Promise<WriteResult> {
    const { source, id, type, section, quote, props, version } = input;
    const entity = { id, type, ...props, section, quote };
    return this.write(actor, dryRun, {
      action: 'upsertEntity',
      source,
      list: 'entities',
      id,
      expected: version ?? null,
      lines: (indent) => entityLines(entity, indent),
    });
  }

  retractFact(actor: Principal, fact: string, reason: string, version?: string | null, dryRun = false) {
    if (!reason.trim()) throw userError('BAD_USER_INPUT', 'a retraction needs a reason');
    const { source, list, id } = parseFactId(fact);
    return this.write(actor, dryRun, {
      action: 'retractFact',
      source,
      list,
      id,
      expected: version,
      lines: null,
      reason,
    });
  }

  setRank(actor: Principal, fact: string, rank: Rank, version?: string | null, dryRun = false) {
    const { source, list, id } = parseFactId(fact);
    return this.write(actor, dryRun, {
      action: 'setRank',
      source,
      list,
      id,
      expected: version,
      lines: (indent, current) => {
        const [item] = parse(current?.text ?? '') as [Record<string, unknown>];
        const { rank: _, section, quote, ...rest } = item;
        const ranked = { ...rest, ...(rank === 'normal' ? {} : { rank }), section, quote };
        return list === 'relations' ? relationLine(ranked, indent) : entityLines(ranked, indent);
      },
    });
  }

  /** Reverts one event: its fact goes back to the lines it had before, if no write changed it since. */
  async undo(actor: Principal, eventId: string, dryRun = false): Promise<WriteResult> {
    const events = this.events();
    const event = events.find((candidate) => candidate.id === eventId);
    if (!event) throw userError('NOT_FOUND', `no audit event ${JSON.stringify(eventId.slice(0, 80))}`);
    if (events.some((later) => later.undoes === event.id))
      throw conflict(`event ${event.id} is already undone`);
    const { list, id } = parseFactId(event.fact);
    const before = event.before;
    return this.write(actor, dryRun, {
      action: 'undo',
      source: event.source,
      list,
      id,
      expected: event.after === null ? null : versionOf(event.after),
      lines: before === null ? null : (indent) => reindent(before, indent),
      anchor: event.anchor,
      undoes: event.id,
    });
  }

  /** Every event, oldest first. */
  events(): AuditEvent[] {
    if (!existsSync(this.auditFile)) return [];
    return readFileSync(this.auditFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as AuditEvent);
  }

  private readFacts(source: string): string {
    if (!listSourceIds(this.dataDir).includes(source))
      throw userError(
        'NOT_FOUND',
        `no source ${JSON.stringify(source.slice(0, 80))} (createSource adds one)`,
      );
    return readFileSync(factsFileOf(source, this.dataDir), 'utf8');
  }

  private write(actor: Principal, dryRun: boolean, edit: Edit): Promise<WriteResult> {
    const next = this.tail.then(() => this.writeNow(actor, dryRun, edit));
    this.tail = next.catch(() => undefined);
    return next;
  }

  private async writeNow(actor: Principal, dryRun: boolean, edit: Edit): Promise<WriteResult> {
    const file = factsFileOf(edit.source, this.dataDir);
    const oldText = this.readFacts(edit.source);
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
    const lines = edit.lines;
    let newText: string;
    let after: string | null = null;
    if (!lines) newText = removeFact(oldText, edit.list, current as FactLines);
    else if (current) {
      after = lines(/^( *)-/.exec(current.text)?.[1] ?? '  ', current);
      newText = replaceFact(oldText, current, after);
    } else {
      const inserted = insertFact(oldText, edit.list, lines, edit.anchor ?? undefined);
      newText = inserted.text;
      after = inserted.lines;
    }
    const facts = this.check(edit.source, newText);
    const entities = edit.list === 'entities' ? [edit.id] : edit.id.split(':').slice(1, 3);
    const events = this.events();
    const event: AuditEvent = {
      id: randomUUID(),
      seq: events.length + 1,
      at: new Date().toISOString(),
      actor: actor.name,
      tokenId: actor.tokenId,
      action: edit.action,
      source: edit.source,
      fact: `${edit.source}#${edit.id}`,
      entities,
      reason: edit.reason ?? null,
      before: current?.text ?? null,
      after,
      anchor: current ? (items[index - 1]?.id ?? null) : (edit.anchor ?? null),
      undoes: edit.undoes ?? null,
    };
    const version = after === null ? null : versionOf(after);
    const auditSize = existsSync(this.auditFile) ? statSync(this.auditFile).size : 0;
    try {
      const { result: change } = await this.db.writeTransaction(
        `curate.${edit.action}`,
        async (run, counters) => {
          const change = await reconcileSource(run, counters, edit.source, facts);
          await run({ name: 'curate.audit', cypher: 'CREATE (e:AuditEvent) SET e = $event' }, { event });
          if (dryRun) throw new Preview(change);
          // Last, so that a failure before them leaves both files alone; a retried transaction
          // writes the same bytes again.
          const temp = `${file}.${process.pid}.tmp`;
          writeFileSync(temp, newText);
          renameSync(temp, file);
          if (existsSync(this.auditFile)) truncateSync(this.auditFile, auditSize);
          appendFileSync(this.auditFile, `${JSON.stringify(event)}\n`);
          return change;
        },
      );
      return { event, change, version, dryRun: false };
    } catch (error) {
      if (error instanceof Preview) return { event, change: error.change, version, dryRun: true };
      if (!dryRun) this.restore(file, oldText, auditSize);
      if (error instanceof SourceConflictError) throw userError('BAD_USER_INPUT', error.reasons.join('; '));
      throw error;
    }
  }

  /** Puts the facts file and the audit log back as they were before a write that failed. */
  private restore(file: string, oldText: string, auditSize: number) {
    if (readFileSync(file, 'utf8') !== oldText) {
      writeFileSync(`${file}.restore.tmp`, oldText);
      renameSync(`${file}.restore.tmp`, file);
    }
    if (existsSync(this.auditFile) && statSync(this.auditFile).size > auditSize)
      truncateSync(this.auditFile, auditSize);
  }

  /** The source as it would read after the edit, checked as `kb:check` checks it, across files too. */
  private check(source: string, newText: string) {
    const { valid, failed } = checkSources(this.dataDir, { factsText: new Map([[source, newText]]) });
    const others = failed.some((failure) => failure.source !== source);
    const broken = new Set(others ? checkSources(this.dataDir).failed.map((failure) => failure.source) : []);
    const problems = failed
      .filter((failure) => failure.source === source || !broken.has(failure.source))
      .flatMap((failure) => failure.problems);
    if (problems.length) {
      throw userError(
        'BAD_USER_INPUT',
        `the change does not check: ${problems.map((problem) => `${problem.at}: ${problem.reason}`).join('; ')}`,
        {
          problems: problems.map((problem) => formatProblem({ ...problem, file: `facts/${source}.yaml` })),
        },
      );
    }
    const facts = valid.find((candidate) => candidate.meta.id === source);
    if (!facts) throw new Error(`source ${source} did not check`);
    return facts;
  }
}

/** Thrown to roll a preview's transaction back, carrying what it would change. */
class Preview extends Error {
  constructor(readonly change: SourceChange) {
    super('preview');
  }
}

function idFor(relation: Record<string, unknown>): string {
  return factLines(`relations:\n${relationLine(relation)}`, 'relations')[0]?.id ?? '';
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
