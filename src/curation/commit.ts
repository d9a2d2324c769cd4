import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { Database } from '../db/database.ts';
import { userError } from '../errors.ts';
import { reconcileSource } from '../loader/reconcile.ts';
import { type SourceChange, SourceConflictError } from '../loader/source-change.ts';
import type { Glossary } from '../search/glossary.ts';
import type { AuditEvent, AuditLog } from './audit-log.ts';
import type { Prepared } from './prepare.ts';

/** The file an import read, kept beside the source's text. */
export interface Original {
  file: string;
  bytes: Buffer;
}

/**
 * The reconcile phase of a write: in one transaction, applies the checked source to the graph
 * (the loader's `reconcileSource`) and records the event; the files and the audit line are
 * written last, inside it, and put back when anything fails. A preview rolls the transaction
 * back and returns what it would have changed.
 */
export async function commitWrite(
  db: Database,
  audit: AuditLog,
  prepared: Prepared,
  event: AuditEvent,
  options: { dryRun: boolean; original?: Original; glossary: Glossary },
): Promise<{ change: SourceChange; dryRun: boolean }> {
  const { original } = options;
  const files = new Map(prepared.files);
  const before = new Map([...files.keys()].map((file) => [file, readIfExists(file)]));
  const auditSize = audit.size();
  try {
    const { result: change } = await db.writeTransaction(`curate.${event.action}`, async (run, counters) => {
      const change = await reconcileSource(run, counters, event.source, prepared.facts, {
        glossary: options.glossary,
        scope: prepared.scope,
      });
      await run({ name: 'curate.audit', cypher: 'CREATE (e:AuditEvent) SET e = $event' }, { event });
      if (options.dryRun) throw new Preview(change);
      // Last, so that a failure before them leaves the files alone; a retried transaction
      // writes the same bytes again.
      for (const [file, text] of files) writeOrRemove(file, text);
      if (original) writeOrRemove(original.file, original.bytes);
      audit.append(event, auditSize);
      return change;
    });
    return { change, dryRun: false };
  } catch (error) {
    if (error instanceof Preview) return { change: error.change, dryRun: true };
    restore(before);
    audit.cutBack(auditSize);
    if (original) rmSync(original.file, { force: true });
    if (error instanceof SourceConflictError) throw userError('BAD_USER_INPUT', error.reasons.join('; '));
    throw error;
  }
}

/** Thrown to roll a preview's transaction back, carrying what it would change. */
class Preview extends Error {
  constructor(readonly change: SourceChange) {
    super('preview');
  }
}

/** Puts the files back as they were before a write that failed. */
function restore(files: Map<string, Buffer | null>) {
  for (const [file, bytes] of files) {
    const now = readIfExists(file);
    if (now === null ? bytes !== null : !bytes?.equals(now)) writeOrRemove(file, bytes);
  }
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
