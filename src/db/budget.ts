import { userError } from '../errors.ts';
import { Slots } from '../slots.ts';

export interface BudgetLimits {
  /** Milliseconds the whole operation may spend on the database. */
  timeoutMs: number;
  /** Rows it may read, over all its round trips. */
  maxRows: number;
  /** Database sessions it may hold at once. */
  sessions: number;
  /** Bytes of strings it may read and answer (see `stringBytes`); unbounded when absent. */
  maxBytes?: number;
}

/**
 * What one GraphQL operation may spend on the database: one wall-clock deadline across all its
 * round trips, a row count, and a cap on the sessions it holds at once, so fifteen aliases wait
 * for each other instead of emptying the connection pool. It also counts round trips, and the
 * bytes of the strings it reads, so fifteen aliases of a 7 MB text stop at the byte budget
 * instead of holding 105 MB.
 */
export class OperationBudget {
  /** Round trips so far. */
  count = 0;
  private rows = 0;
  /** Bytes of strings read so far. */
  bytes = 0;
  private readonly sessions: Slots;
  private readonly deadline: number;

  constructor(private readonly limits: BudgetLimits) {
    this.deadline = Date.now() + limits.timeoutMs;
    this.sessions = new Slots(limits.sessions);
  }

  /** Milliseconds left; throws QUERY_TIMEOUT once none are. */
  remainingMs(): number {
    const left = this.deadline - Date.now();
    if (left <= 0) throw timedOut();
    return left;
  }

  /** Waits for a free session slot (within the deadline) and returns its release. */
  async acquire(): Promise<() => void> {
    // An operation over its byte budget has failed: its aliases still waiting read nothing more.
    this.addBytes(0);
    const release = await this.sessions.acquire(this.remainingMs(), timedOut);
    this.count += 1;
    return release;
  }

  /** Counts rows read; throws QUERY_TOO_LARGE past the cap. */
  addRows(rows: number): void {
    this.rows += rows;
    if (this.rows > this.limits.maxRows) {
      throw userError(
        'QUERY_TOO_LARGE',
        `This operation reads more than ${this.limits.maxRows} rows. Ask for less: smaller pages, fewer aliases or levels.`,
      );
    }
  }

  /** Counts bytes read; throws RESPONSE_TOO_LARGE past the budget. */
  addBytes(bytes: number): void {
    this.bytes += bytes;
    if (this.overBytes()) throw responseTooLarge(this.limits.maxBytes ?? 0);
  }

  /** Whether the bytes counted so far are over the budget. */
  overBytes(): boolean {
    return this.bytes > (this.limits.maxBytes ?? Number.POSITIVE_INFINITY);
  }
}

export const responseTooLarge = (maxBytes: number) =>
  userError(
    'RESPONSE_TOO_LARGE',
    `This answer would be larger than ${maxBytes} bytes. Ask for less: fewer aliases or fields, smaller pages, or a source's text in slices (text(from, length)).`,
  );

/** Strings shorter than this count a byte per character: measuring each costs more than the rest of a row. */
const measuredFrom = 1024;

/**
 * The bytes a string costs an answer: its UTF-8 size (as JSON sends it) when it is long; one per
 * character when short (a Thai character is 3 bytes, so up to 2 KiB under; ids, types and names
 * are short, and Buffer.byteLength on each was as slow as converting the row).
 */
export function stringBytes(value: string): number {
  return value.length < measuredFrom ? value.length : Buffer.byteLength(value);
}

export const timedOut = () => userError('QUERY_TIMEOUT', 'The query took too long and was stopped.');

/** For scripts and tests that call stores directly: generous, but still bounded. */
export function unlimitedBudget(timeoutMs = 600_000): OperationBudget {
  return new OperationBudget({ timeoutMs, maxRows: Number.POSITIVE_INFINITY, sessions: 16 });
}
