import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import type { Principal } from '../auth/tokens.ts';
import type { AuditFields } from './prepare.ts';

/** One write, as the audit log keeps it: who, when, what, before and after. */
export interface AuditEvent extends AuditFields {
  id: string;
  /** Position in the log, from 1. */
  seq: number;
  at: string;
  actor: string;
  tokenId: string;
}

/**
 * The audit phase of a write: `<data>/audit.jsonl`, one event a line, oldest first. A write
 * appends its event inside its transaction, and the log is cut back to its length before when
 * the write fails, so the log holds exactly the writes that were made.
 */
export class AuditLog {
  readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'audit.jsonl');
  }

  /** Every event, oldest first. */
  events(): AuditEvent[] {
    if (!existsSync(this.file)) return [];
    return readFileSync(this.file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as AuditEvent);
  }

  /** The event of a write about to be made: the next in the log, by `actor`, now. */
  next(actor: Principal, fields: AuditFields): AuditEvent {
    return {
      id: randomUUID(),
      seq: this.events().length + 1,
      at: new Date().toISOString(),
      actor: actor.name,
      tokenId: actor.tokenId,
      ...fields,
    };
  }

  /** The log's length in bytes: where a failed write cuts it back to. */
  size(): number {
    return existsSync(this.file) ? statSync(this.file).size : 0;
  }

  /** Appends `event` to the log as it was at `size`: a retried transaction appends it once. */
  append(event: AuditEvent, size: number): void {
    if (existsSync(this.file)) truncateSync(this.file, size);
    appendFileSync(this.file, `${JSON.stringify(event)}\n`);
  }

  /** Cuts away what a failed write appended after `size`. */
  cutBack(size: number): void {
    if (existsSync(this.file) && statSync(this.file).size > size) truncateSync(this.file, size);
  }
}
