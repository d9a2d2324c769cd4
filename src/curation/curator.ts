import { randomUUID } from 'node:crypto';
import {
  appendFileSync,
  existsSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import type { Principal } from '../auth/tokens.ts';
import type { Database } from '../db/database.ts';
import { userError } from '../errors.ts';
import type { Rank } from '../kb/claims.ts';
import { reconcileSource, type SourceChange, SourceConflictError } from '../kb/load.ts';
import { checkSources } from '../kb/load-all.ts';
import { type NewSource, NewSourceError, newSourceFiles } from '../kb/new-source.ts';
import { factsFileOf, listSourceIds } from '../kb/source-files.ts';
import { formatProblem, type SourceFacts } from '../kb/validate.ts';
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
import {
  type AddRelationInput,
  checkEntityInput,
  checkFactInput,
  checkRelationInput,
  type UpsertEntityInput,
} from './input-checks.ts';

/** One write, as the audit log keeps it: who, when, what, before and after. */
export interface AuditEvent {
  id: string;
  /** Position in the log, from 1. */
  seq: number;
  at: string;
  actor: string;
  tokenId: string;
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

export interface WriteResult {
  event: AuditEvent;
  change: SourceChange;
  /** The fact's version after the write; null when it was removed. */
  version: string | null;
  /** True for a preview: nothing was written. */
  dryRun: boolean;
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
    checkRelationInput({ ...input, qualifiers });
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
    checkEntityInput(input);
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
    checkFactInput(fact, version, reason);
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
    checkFactInput(fact, version);
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

  /** A new document: its text, its metadata and an empty facts file, the three files `kb:new` writes. */
  createSource(actor: Principal, input: NewSource, dryRun = false): Promise<WriteResult> {
    let files: Map<string, string>;
    try {
      files = newSourceFiles(input, this.dataDir);
    } catch (error) {
      if (!(error instanceof NewSourceError)) throw error;
      throw userError('BAD_USER_INPUT', error.message, { problems: error.problems });
    }
    return this.serially(() => {
      const taken = [...files.keys()].filter((file) => existsSync(file));
      if (taken.length)
        throw conflict(
          `source ${input.id} exists already (${taken.map((file) => relative(this.dataDir, file)).join(', ')})`,
        );
      const meta = files.get(join(this.dataDir, 'sources', `${input.id}.meta.yaml`)) ?? null;
      return this.commit(actor, dryRun, files, {
        action: 'createSource',
        source: input.id,
        fact: input.id,
        entities: [input.id],
        reason: null,
        before: null,
        after: meta,
        anchor: null,
        undoes: null,
      });
    });
  }

  /** Reverts one event: its fact goes back to the lines it had before, if no write changed it since. */
  async undo(actor: Principal, eventId: string, dryRun = false): Promise<WriteResult> {
    const events = this.events();
    const event = events.find((candidate) => candidate.id === eventId);
    if (!event) throw userError('NOT_FOUND', `no audit event ${JSON.stringify(eventId.slice(0, 80))}`);
    if (events.some((later) => later.undoes === event.id))
      throw conflict(`event ${event.id} is already undone`);
    if (event.action === 'createSource') return this.serially(() => this.removeSource(actor, event, dryRun));
    const undone = events.find((earlier) => earlier.id === event.undoes);
    if (undone?.action === 'createSource')
      throw userError('BAD_USER_INPUT', `source ${event.source} was removed; add it again with createSource`);
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

  /** A fact as its facts file states it now, with its version; null when the source does not state it. */
  fact(fact: string): { lines: string; version: string } | null {
    const { source, list, id } = parseFactId(fact);
    const current = factLines(this.readFacts(source), list).find((item) => item.id === id);
    return current ? { lines: current.text, version: current.version } : null;
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

  /** Undoes createSource while the source has no facts yet: its three files go, and its node. */
  private removeSource(actor: Principal, created: AuditEvent, dryRun: boolean): Promise<WriteResult> {
    const source = created.source;
    const text = this.readFacts(source);
    const stated = factLines(text, 'entities').length + factLines(text, 'relations').length;
    if (stated)
      throw conflict(
        `source ${source} states ${stated} fact(s) now; retract them before undoing its creation`,
      );
    const files = new Map<string, null>(
      [`sources/${source}.txt`, `sources/${source}.meta.yaml`, `facts/${source}.yaml`].map((file) => [
        join(this.dataDir, file),
        null,
      ]),
    );
    return this.commit(actor, dryRun, files, {
      action: 'undo',
      source,
      fact: created.fact,
      entities: created.entities,
      reason: null,
      before: created.after,
      after: null,
      anchor: null,
      undoes: created.id,
    });
  }

  private write(actor: Principal, dryRun: boolean, edit: Edit): Promise<WriteResult> {
    return this.serially(() => this.writeNow(actor, dryRun, edit));
  }

  /** Runs `work` when the write before it has settled. */
  private serially<T>(work: () => Promise<T>): Promise<T> {
    const next = this.tail.then(work);
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
    return this.commit(actor, dryRun, new Map([[file, newText]]), {
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
   * Checks the files as they would read after the write, then in one transaction applies the
   * source to the graph and records the event; the files are written last, inside it, and put
   * back when anything fails.
   */
  private async commit(
    actor: Principal,
    dryRun: boolean,
    files: Map<string, string | null>,
    fields: Omit<AuditEvent, 'id' | 'seq' | 'at' | 'actor' | 'tokenId'>,
  ): Promise<WriteResult> {
    const facts = this.check(fields.source, files);
    const event: AuditEvent = {
      id: randomUUID(),
      seq: this.events().length + 1,
      at: new Date().toISOString(),
      actor: actor.name,
      tokenId: actor.tokenId,
      ...fields,
    };
    const version = event.after === null ? null : versionOf(event.after);
    const before = new Map([...files.keys()].map((file) => [file, readIfExists(file)]));
    const auditSize = existsSync(this.auditFile) ? statSync(this.auditFile).size : 0;
    try {
      const { result: change } = await this.db.writeTransaction(
        `curate.${event.action}`,
        async (run, counters) => {
          const change = await reconcileSource(run, counters, event.source, facts);
          await run({ name: 'curate.audit', cypher: 'CREATE (e:AuditEvent) SET e = $event' }, { event });
          if (dryRun) throw new Preview(change);
          // Last, so that a failure before them leaves the files alone; a retried transaction
          // writes the same bytes again.
          for (const [file, text] of files) writeOrRemove(file, text);
          if (existsSync(this.auditFile)) truncateSync(this.auditFile, auditSize);
          appendFileSync(this.auditFile, `${JSON.stringify(event)}\n`);
          return change;
        },
      );
      return { event, change, version, dryRun: false };
    } catch (error) {
      if (error instanceof Preview) return { event, change: error.change, version, dryRun: true };
      this.restore(before, auditSize);
      if (error instanceof SourceConflictError) throw userError('BAD_USER_INPUT', error.reasons.join('; '));
      throw error;
    }
  }

  /** Puts the files and the audit log back as they were before a write that failed. */
  private restore(files: Map<string, string | null>, auditSize: number) {
    for (const [file, text] of files) if (readIfExists(file) !== text) writeOrRemove(file, text);
    if (existsSync(this.auditFile) && statSync(this.auditFile).size > auditSize)
      truncateSync(this.auditFile, auditSize);
  }

  /**
   * The source as it would read with `files` in place, checked as `kb:check` checks it, across
   * files too; null when its facts file is removed. Sources that are broken already do not count.
   */
  private check(source: string, files: Map<string, string | null>): SourceFacts | null {
    const { valid, failed } = checkSources(this.dataDir, { files });
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
          problems: problems.map((problem) =>
            formatProblem({ ...problem, file: relative(this.dataDir, problem.file) }),
          ),
        },
      );
    }
    if (files.get(factsFileOf(source, this.dataDir)) === null) return null;
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

function readIfExists(file: string): string | null {
  return existsSync(file) ? readFileSync(file, 'utf8') : null;
}

/** Atomically: a temporary file renamed into place; null removes the file. */
function writeOrRemove(file: string, text: string | null) {
  if (text === null) return rmSync(file, { force: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, file);
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
