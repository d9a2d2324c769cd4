import { userError } from './errors.ts';
import { Slots } from './slots.ts';

/** Seconds a client is told to wait before it tries a busy analytic again. */
export const retryAfterSeconds = 5;

const busy = () =>
  userError('SERVER_BUSY', 'Too many expensive analytics are running. Try again shortly.', {
    http: { status: 503, headers: { 'retry-after': String(retryAfterSeconds) } },
  });

/**
 * A small bounded queue for expensive work (path searches, centrality, communities, deep
 * neighbourhoods): at most `concurrency` operations hold a slot at once and `capacity` wait. Past
 * that, and for an operation that waits longer than its budget, the answer is SERVER_BUSY, so
 * cheap queries and `/health` keep their share of the two cores and the connection pool.
 */
export class WorkQueue {
  private readonly slots: Slots;

  constructor(concurrency: number, capacity: number) {
    this.slots = new Slots(concurrency, capacity);
  }

  /** Waits for a slot (at most `maxWaitMs`) and returns its release. */
  acquire(maxWaitMs: number): Promise<() => void> {
    return this.slots.acquire(maxWaitMs, busy);
  }
}

/**
 * Runs one operation's expensive fields in one slot of `queue`: the first takes it, the others of
 * the same operation (aliases side by side) share it, and the last to finish gives it back. An
 * operation never waits behind itself, and fifteen aliases count as one operation.
 */
export function operationSlot(queue: WorkQueue, maxWaitMs: () => number) {
  let slot: Promise<() => void> | undefined;
  let users = 0;
  return async <T>(work: () => Promise<T>): Promise<T> => {
    users += 1;
    // Through a promise, so a budget already spent rejects here like a refused slot.
    slot ??= Promise.resolve().then(() => queue.acquire(maxWaitMs()));
    const held = slot;
    try {
      await held;
      return await work();
    } finally {
      users -= 1;
      if (users === 0) {
        slot = undefined;
        held.then(
          (release) => release(),
          () => {},
        );
      }
    }
  };
}
