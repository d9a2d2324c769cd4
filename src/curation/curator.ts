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
import type { Principal } from '../auth/tokens.ts';
import type { Database } from '../db/database.ts';
import { userError } from '../errors.ts';
import { type NewSource, NewSourceError, newSourceFiles } from '../facts/new-source.ts';
import { readSourceMeta } from '../facts/source-files.ts';
import { type ImportRequest, importedSourceFiles, readDocument } from '../import/document.ts';
import { ImportError, importLimits } from '../import/limits.ts';
import { reconcileSource } from '../loader/reconcile.ts';
import { type SourceChange, SourceConflictError } from '../loader/source-change.ts';
import type { Rank } from '../model/claims.ts';
import { glossaryFor } from '../search/glossary.ts';
import { type FactList, factLines, relationLine, versionOf } from './facts-edit.ts';
import {
  type AddRelationInput,
  checkEntityInput,
  checkFactInput,
  checkRelationInput,
  type UpsertEntityInput,
} from './input-checks.ts';
import type { AuditFields, Edit, Prepared } from './prepare.ts';
import { WriteWorker } from './write-worker-client.ts';

/** One write, as the audit log keeps it: who, when, what, before and after. */
export interface AuditEvent extends AuditFields {
  id: string;
  /** Position in the log, from 1. */
  seq: number;
  at: string;
  actor: string;
  tokenId: string;
}

export interface WriteResult {
  event: AuditEvent;
  change: SourceChange;
  /** The fact's version after the write; null when it was removed. */
  version: string | null;
  /** True for a preview: nothing was written. */
  dryRun: boolean;
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
 * against a state no other write is changing. Parsing, editing and checking run on the write
 * worker's thread (src/curation/prepare.ts), which keeps the sources it parsed and checks only
 * those a write touches, so the server's thread stays free for reads.
 */
export class Curator {
  /** The write in progress: the next one starts when it settles. */
  private tail: Promise<unknown> = Promise.resolve();
  private readonly worker = new WriteWorker();
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
      lines: { kind: 'relation', relation },
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
      lines: { kind: 'entity', entity },
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
      lines: { kind: 'rank', rank },
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
    return this.addSource(actor, input.id, files, dryRun);
  }

  /** Writes a new source's files (and an import's original), unless a file of its name exists. */
  private addSource(
    actor: Principal,
    id: string,
    files: Map<string, string>,
    dryRun: boolean,
    original?: Original,
  ): Promise<WriteResult> {
    return this.serially(async () => {
      const taken = [...files.keys(), ...(original ? [original.file] : [])].filter((file) =>
        existsSync(file),
      );
      if (taken.length)
        throw conflict(
          `source ${id} exists already (${taken.map((file) => relative(this.dataDir, file)).join(', ')})`,
        );
      const meta = files.get(join(this.dataDir, 'sources', `${id}.meta.yaml`)) ?? null;
      return this.checkAndCommit(
        actor,
        dryRun,
        files,
        {
          action: 'createSource',
          source: id,
          fact: id,
          entities: [id],
          reason: null,
          before: null,
          after: meta,
          anchor: null,
          undoes: null,
        },
        original,
      );
    });
  }

  /**
   * A document as it arrives (PDF, scan, Word, web page, text): read into text page by page
   * (src/import/), then added as `createSource` adds one, the original kept beside the text.
   * Reading runs before the write takes its turn: OCR may take a while, and other writes go on.
   */
  async importSource(
    actor: Principal,
    request: ImportRequest,
    upload: { fileName: string; bytes: Buffer; allowMissingPages?: boolean },
    dryRun = false,
  ): Promise<WriteResult> {
    let imported: ReturnType<typeof importedSourceFiles>;
    try {
      const document = await readDocument(upload.bytes, upload.fileName, {
        limits: importLimits(),
        allowMissingPages: upload.allowMissingPages ?? false,
      });
      imported = importedSourceFiles(document, request, upload.fileName, upload.bytes, this.dataDir);
    } catch (error) {
      if (error instanceof ImportError) throw userError('BAD_USER_INPUT', error.message);
      if (!(error instanceof NewSourceError)) throw error;
      throw userError('BAD_USER_INPUT', error.message, { problems: error.problems });
    }
    return this.addSource(actor, request.id, imported.files, dryRun, imported.original);
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
      lines: before === null ? null : { kind: 'lines', lines: before },
      anchor: event.anchor,
      undoes: event.id,
    });
  }

  /** A fact as its facts file states it now, with its version; null when the source does not state it. */
  fact(fact: string): Promise<{ lines: string; version: string } | null> {
    const { source, list, id } = parseFactId(fact);
    return this.worker.call('factOf', this.dataDir, source, list, id);
  }

  /** Stops the write worker's thread. */
  close(): Promise<void> {
    return this.worker.close();
  }

  /** Every event, oldest first. */
  events(): AuditEvent[] {
    if (!existsSync(this.auditFile)) return [];
    return readFileSync(this.auditFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as AuditEvent);
  }

  /** Undoes createSource while the source has no facts yet: its three files go, and its node. */
  private async removeSource(actor: Principal, created: AuditEvent, dryRun: boolean): Promise<WriteResult> {
    const source = created.source;
    const stated = await this.worker.call('statedCount', this.dataDir, source);
    if (stated)
      throw conflict(
        `source ${source} states ${stated} fact(s) now; retract them before undoing its creation`,
      );
    // An imported source's original goes with its three files.
    const original = readSourceMeta(source, this.dataDir)?.original?.stored;
    const files = new Map<string, null>(
      [
        `sources/${source}.txt`,
        `sources/${source}.meta.yaml`,
        `facts/${source}.yaml`,
        ...(original ? [`sources/${original}`] : []),
      ].map((file) => [join(this.dataDir, file), null]),
    );
    return this.checkAndCommit(actor, dryRun, files, {
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
    return this.serially(async () =>
      this.commit(actor, dryRun, await this.worker.call('prepareEdit', this.dataDir, edit)),
    );
  }

  private async checkAndCommit(
    actor: Principal,
    dryRun: boolean,
    files: Map<string, string | null>,
    fields: AuditFields,
    original?: Original,
  ): Promise<WriteResult> {
    const prepared = await this.worker.call('checkFiles', this.dataDir, files, fields);
    return this.commit(actor, dryRun, prepared, original);
  }

  /** Runs `work` when the write before it has settled. */
  private serially<T>(work: () => Promise<T>): Promise<T> {
    const next = this.tail.then(work);
    this.tail = next.catch(() => undefined);
    return next;
  }

  /**
   * In one transaction, applies the checked source to the graph and records the event; the files
   * are written last, inside it, and put back when anything fails.
   */
  private async commit(
    actor: Principal,
    dryRun: boolean,
    prepared: Prepared,
    original?: Original,
  ): Promise<WriteResult> {
    const { fields, facts } = prepared;
    const files = new Map(prepared.files);
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
          const change = await reconcileSource(run, counters, event.source, facts, {
            glossary: glossaryFor(this.dataDir),
            scope: prepared.scope,
          });
          await run({ name: 'curate.audit', cypher: 'CREATE (e:AuditEvent) SET e = $event' }, { event });
          if (dryRun) throw new Preview(change);
          // Last, so that a failure before them leaves the files alone; a retried transaction
          // writes the same bytes again.
          for (const [file, text] of files) writeOrRemove(file, text);
          if (original) writeOrRemove(original.file, original.bytes);
          if (existsSync(this.auditFile)) truncateSync(this.auditFile, auditSize);
          appendFileSync(this.auditFile, `${JSON.stringify(event)}\n`);
          return change;
        },
      );
      return { event, change, version, dryRun: false };
    } catch (error) {
      if (error instanceof Preview) return { event, change: error.change, version, dryRun: true };
      this.restore(before, auditSize);
      if (original) rmSync(original.file, { force: true });
      if (error instanceof SourceConflictError) throw userError('BAD_USER_INPUT', error.reasons.join('; '));
      throw error;
    }
  }

  /** Puts the files and the audit log back as they were before a write that failed. */
  private restore(files: Map<string, Buffer | null>, auditSize: number) {
    for (const [file, bytes] of files) {
      const now = readIfExists(file);
      if (now === null ? bytes !== null : !bytes?.equals(now)) writeOrRemove(file, bytes);
    }
    if (existsSync(this.auditFile) && statSync(this.auditFile).size > auditSize)
      truncateSync(this.auditFile, auditSize);
  }
}

/** The file an import read, kept beside the source's text. */
interface Original {
  file: string;
  bytes: Buffer;
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

/** As bytes: an import's original is binary, and is put back as it was. */
function readIfExists(file: string): Buffer | null {
  return existsSync(file) ? readFileSync(file) : null;
}

/** Atomically: a temporary file renamed into place; null removes the file. */
function writeOrRemove(file: string, text: string | Buffer | null) {
  if (text === null) return rmSync(file, { force: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, file);
}
