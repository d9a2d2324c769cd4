import type { Principal } from '../auth/tokens.ts';
import type { Database } from '../db/database.ts';
import type { GraphChanges } from '../db/graph-changes.ts';
import { curationLock, exclusively } from '../db/write-lock.ts';
import { userError } from '../errors.ts';
import { type NewSource, NewSourceError, newSourceFiles } from '../facts/new-source.ts';
import { type ImportRequest, importedSourceFiles, readDocument } from '../import/document.ts';
import { ImportError, importLimits } from '../import/limits.ts';
import type { SourceChange } from '../loader/source-change.ts';
import type { Rank } from '../model/claims.ts';
import { glossaryFor } from '../search/glossary.ts';
import { type AuditEvent, AuditLog } from './audit-log.ts';
import { commitWrite, type Original } from './commit.ts';
import {
  checkSourceFree,
  conflict,
  createdFields,
  entityEdit,
  parseFactId,
  rankEdit,
  relationEdit,
  removedSource,
  retractEdit,
  undoEdit,
} from './edits.ts';
import { versionOf } from './facts-edit.ts';
import type { AddRelationInput, UpsertEntityInput } from './input-checks.ts';
import type { AuditFields, Edit, Prepared } from './prepare.ts';
import { WriteWorker } from './write-worker-client.ts';

export interface WriteResult {
  event: AuditEvent;
  change: SourceChange;
  /** The fact's version after the write; null when it was removed. */
  version: string | null;
  /** True for a preview: nothing was written. */
  dryRun: boolean;
}

/**
 * Curation writes, each in four phases:
 * 1. edit: what the request changes, as data (src/curation/edits.ts);
 * 2. check: the facts file edited as text and checked exactly as `kb:check` does, on the write
 *    worker's thread (src/curation/prepare.ts), which keeps the sources it parsed and checks only
 *    those a write touches, so the server's thread stays free for reads;
 * 3. reconcile: applied to Neo4j through the loader's `reconcileSource`, with the files renamed
 *    into place inside the same transaction (src/curation/commit.ts);
 * 4. audit: the event appended to the log in that transaction (src/curation/audit-log.ts).
 * When any step fails, the file, the log and the graph are left as they were. Writes run one at
 * a time, over all sources: the check across files (ids one source declares and another cites) is
 * only sound against a state no other write is changing. One at a time across replicas too: each
 * write holds the graph's curation lock (src/db/write-lock.ts) from its check to its audit line,
 * and a committed write is announced to every replica (src/db/graph-changes.ts) before it answers.
 */
export class Curator {
  /** The write in progress: the next one starts when it settles. */
  private tail: Promise<unknown> = Promise.resolve();
  private readonly worker = new WriteWorker();
  private readonly audit: AuditLog;
  private readonly listeners: Array<(event: AuditEvent) => void> = [];

  constructor(
    private readonly db: Database,
    readonly dataDir: string,
    private readonly changes?: GraphChanges,
  ) {
    this.audit = new AuditLog(dataDir);
  }

  addRelation(actor: Principal, input: AddRelationInput, dryRun = false): Promise<WriteResult> {
    return this.write(actor, dryRun, relationEdit(input));
  }

  upsertEntity(actor: Principal, input: UpsertEntityInput, dryRun = false): Promise<WriteResult> {
    return this.write(actor, dryRun, entityEdit(input));
  }

  retractFact(actor: Principal, fact: string, reason: string, version?: string | null, dryRun = false) {
    return this.write(actor, dryRun, retractEdit(fact, reason, version));
  }

  setRank(actor: Principal, fact: string, rank: Rank, version?: string | null, dryRun = false) {
    return this.write(actor, dryRun, rankEdit(fact, rank, version));
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
  undo(actor: Principal, eventId: string, dryRun = false): Promise<WriteResult> {
    const { event, edit } = undoEdit(this.events(), eventId);
    if (!edit) return this.serially(() => this.removeSource(actor, event, dryRun));
    return this.write(actor, dryRun, edit);
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

  /**
   * Calls `listener` with the event of every write made (not a preview), after it is committed. It
   * must return at once (the webhooks queue their work); what it throws is ignored: a listener
   * never fails a write.
   */
  onWrite(listener: (event: AuditEvent) => void): void {
    this.listeners.push(listener);
  }

  /** Every event, oldest first. */
  events(): AuditEvent[] {
    return this.audit.events();
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
      checkSourceFree(this.dataDir, id, [...files.keys(), ...(original ? [original.file] : [])]);
      const fields = createdFields(this.dataDir, id, files);
      return this.checkAndCommit(actor, dryRun, files, fields, original);
    });
  }

  /** Undoes createSource while the source has no facts yet: its three files go, and its node. */
  private async removeSource(actor: Principal, created: AuditEvent, dryRun: boolean): Promise<WriteResult> {
    const source = created.source;
    const stated = await this.worker.call('statedCount', this.dataDir, source);
    if (stated)
      throw conflict(
        `source ${source} states ${stated} fact(s) now; retract them before undoing its creation`,
      );
    const { files, fields } = removedSource(this.dataDir, created);
    return this.checkAndCommit(actor, dryRun, files, fields);
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

  /** Runs `work` when the write before it, in this process or another, has settled. */
  private serially<T>(work: () => Promise<T>): Promise<T> {
    const next = this.tail.then(() => exclusively(this.db, curationLock, work));
    this.tail = next.catch(() => undefined);
    return next;
  }

  private async commit(
    actor: Principal,
    dryRun: boolean,
    prepared: Prepared,
    original?: Original,
  ): Promise<WriteResult> {
    const event = this.audit.next(actor, prepared.fields);
    const version = event.after === null ? null : versionOf(event.after);
    const committed = await commitWrite(this.db, this.audit, prepared, event, {
      dryRun,
      original,
      glossary: glossaryFor(this.dataDir),
    });
    if (!committed.dryRun) {
      await this.changes?.publish({ bookmarks: await this.db.currentBookmarks() });
      for (const listener of this.listeners) {
        try {
          listener(event);
        } catch {
          // The write is made; telling followers is best effort (src/webhooks/).
        }
      }
    }
    return { event, version, ...committed };
  }
}
