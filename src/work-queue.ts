import { userError } from './errors.ts';

/** Seconds a client is told to wait before it tries a busy analytic again. */
export const retryAfterSeconds = 5;

const busy = () =>
  userError('SERVER_BUSY', 'Too many expensive analytics are running. Try again shortly.', {
    http: { status: 503, headers: { 'retry-after': String(retryAfterSeconds) } },
  });

/**
 * A small bounded queue for expensive work (path searches, centrality, communities, deep
 * neighbourhoods): at most `concurrency` run at once and `capacity` wait. Past that, and for a
 * job that waits longer than `maxWaitMs`, the answer is SERVER_BUSY, so cheap queries and
 * `/health` keep their share of the two cores and the connection pool.
 */
export class WorkQueue {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly concurrency: number,
    private readonly capacity: number,
  ) {}

  async run<T>(work: () => Promise<T>, maxWaitMs: number): Promise<T> {
    if (this.running >= this.concurrency) await this.wait(maxWaitMs);
    this.running += 1;
    try {
      return await work();
    } finally {
      this.running -= 1;
      this.waiting.shift()?.();
    }
  }

  private wait(maxWaitMs: number): Promise<void> {
    if (this.waiting.length >= this.capacity) return Promise.reject(busy());
    return new Promise((resolveTurn, reject) => {
      const turn = () => {
        clearTimeout(timer);
        resolveTurn();
      };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(turn), 1);
        reject(busy());
      }, maxWaitMs);
      this.waiting.push(turn);
    });
  }
}
