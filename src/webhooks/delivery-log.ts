import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { userError } from '../errors.ts';

/** One attempt at one delivery, as the log keeps it. */
export interface DeliveryAttempt {
  delivery: string;
  webhook: string;
  /** "curation" or "release". */
  event: string;
  attempt: number;
  at: string;
  /** The receiver's HTTP status; null when none came (refused, timed out, not allowed). */
  status: number | null;
  ok: boolean;
  error: string | null;
  /** When the next attempt is due; null when this was the last. */
  nextAttemptAt: string | null;
}

export interface DeliveryLogLimits {
  /** A file grows to about this many bytes before it is rotated. Default 1 MiB. */
  maxBytes?: number;
  /** Rotated files kept (`<file>.1` the newest); an older one is deleted. Default 4. */
  keep?: number;
}

/** An attempt's place in the log, for paging: the same in whichever file it has been rotated to. */
export const attemptCursor = (attempt: Pick<DeliveryAttempt, 'delivery' | 'attempt'>) =>
  `${attempt.delivery}:${attempt.attempt}`;

/**
 * The delivery log: one JSON line per attempt (`webhook-deliveries.jsonl` beside the registrations),
 * rotated as a log is: past `maxBytes` the file becomes `<file>.1`, `.1` becomes `.2`, and so on;
 * past `keep` the oldest is deleted. So at most about `(keep + 1) * maxBytes` bytes are kept, and a
 * read goes through the files newest first. Hand-written, not a rotating stream (a library): the
 * log appends a line synchronously and is read back line by line, across its rotated files.
 * Replicas that share the file may rotate it at once and lose a rotated file: an old log, not a delivery.
 */
export class DeliveryLog {
  private readonly maxBytes: number;
  private readonly keep: number;

  constructor(
    readonly file: string,
    limits: DeliveryLogLimits = {},
  ) {
    this.maxBytes = limits.maxBytes ?? 1024 * 1024;
    this.keep = limits.keep ?? 4;
  }

  append(attempt: DeliveryAttempt): void {
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    const line = `${JSON.stringify(attempt)}\n`;
    const size = statSync(this.file, { throwIfNoEntry: false })?.size ?? 0;
    if (size > 0 && size + Buffer.byteLength(line) > this.maxBytes) rotatedAlready(() => this.rotate());
    appendFileSync(this.file, line, { mode: 0o600 });
  }

  /**
   * A registration's attempts, newest first, at most `first`, after the attempt whose cursor is
   * `after` (none: from the newest). An `after` rotated out of the log leaves nothing older to read.
   */
  read(webhook: string, first: number, after?: string | null): DeliveryAttempt[] {
    if (after && !/^[\w-]{1,64}:\d{1,3}$/.test(after))
      throw userError('BAD_USER_INPUT', 'after must be the cursor of a delivery attempt');
    const page: DeliveryAttempt[] = [];
    let skipping = Boolean(after);
    for (const file of this.files()) {
      for (const attempt of attemptsIn(file)) {
        if (attempt.webhook !== webhook) continue;
        if (skipping) {
          skipping = attemptCursor(attempt) !== after;
          continue;
        }
        if (page.length >= first) return page;
        page.push(attempt);
      }
    }
    return page;
  }

  /** The log's files, newest first: the file, then `.1`, `.2`, … up to `keep`. */
  files(): string[] {
    const rotated = Array.from({ length: this.keep }, (_, index) => `${this.file}.${index + 1}`);
    return [this.file, ...rotated].filter((file) => existsSync(file));
  }

  private rotate(): void {
    rmSync(`${this.file}.${this.keep}`, { force: true });
    for (let index = this.keep - 1; index >= 1; index -= 1)
      if (existsSync(`${this.file}.${index}`))
        renameSync(`${this.file}.${index}`, `${this.file}.${index + 1}`);
    if (this.keep > 0) renameSync(this.file, `${this.file}.1`);
    else rmSync(this.file, { force: true });
  }
}

/**
 * Runs `rotate`; a file another replica sharing the log has just rotated away (ENOENT) means the
 * rotation is done, and the line goes to the new file.
 */
function rotatedAlready(rotate: () => void): void {
  try {
    rotate();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** A file's attempts, newest first; a file rotated away between listing and reading holds none. */
function attemptsIn(file: string): DeliveryAttempt[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as DeliveryAttempt)
    .reverse();
}
