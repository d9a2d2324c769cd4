import { userError } from '../errors.ts';
import { Slots } from '../slots.ts';

export interface BudgetLimits {
  /** Milliseconds the whole operation may spend on the database. */
  timeoutMs: number;
  /** Rows it may read, over all its round trips. */
  maxRows: number;
  /** Database sessions it may hold at once. */
  sessions: number;
}

/**
 * What one GraphQL operation may spend on the database: one wall-clock deadline across all its
 * round trips, a row count, and a cap on the sessions it holds at once, so fifteen aliases wait
 * for each other instead of emptying the connection pool. It also counts round trips.
 */
export class OperationBudget {
  /** Round trips so far. */
  count = 0;
  private rows = 0;
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
}

export const timedOut = () => userError('QUERY_TIMEOUT', 'The query took too long and was stopped.');

/** For scripts and tests that call stores directly: generous, but still bounded. */
export function unlimitedBudget(timeoutMs = 600_000): OperationBudget {
  return new OperationBudget({ timeoutMs, maxRows: Number.POSITIVE_INFINITY, sessions: 16 });
}
