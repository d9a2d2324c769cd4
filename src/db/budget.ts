import { userError } from '../errors.ts';

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
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly deadline: number;

  constructor(private readonly limits: BudgetLimits) {
    this.deadline = Date.now() + limits.timeoutMs;
  }

  /** Milliseconds left; throws QUERY_TIMEOUT once none are. */
  remainingMs(): number {
    const left = this.deadline - Date.now();
    if (left <= 0) throw timedOut();
    return left;
  }

  /** Waits for a free session slot (within the deadline) and returns its release. */
  async acquire(): Promise<() => void> {
    const left = this.remainingMs();
    if (this.active < this.limits.sessions) this.active += 1;
    else await this.wait(left);
    this.count += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // A waiter takes the slot over directly, so no newcomer can slip in between.
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    };
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolveTurn, reject) => {
      const turn = () => {
        clearTimeout(timer);
        resolveTurn();
      };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(turn), 1);
        reject(timedOut());
      }, ms);
      this.waiting.push(turn);
    });
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
