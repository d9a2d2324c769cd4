import { type DomainError, userError } from '../errors.ts';

/** Seconds a client is told to wait when the database is away: about one probe. */
export const retryAfterSeconds = 1;

/** DATABASE_UNAVAILABLE, as HTTP 503 with `Retry-After` (Yoga reads `http`, and leaves it out of the body). */
export const databaseUnavailable = (
  message = 'The database is unavailable. Try again shortly.',
): DomainError =>
  userError('DATABASE_UNAVAILABLE', message, {
    http: { status: 503, headers: { 'retry-after': String(retryAfterSeconds) } },
  });

/**
 * A circuit breaker in front of the database. A frozen Neo4j (or a network that drops packets)
 * answers nothing, so without it every request waited its whole budget (15 s) to learn what the
 * one before it had learnt. Once a query finds the database away (`trip`), the breaker is open:
 * queries fail at once with DATABASE_UNAVAILABLE, while a probe (`RETURN 1`) tries every
 * `intervalMs`; the first one that gets through, or any query that does (`/ready`'s ping), closes it.
 */
export class CircuitBreaker {
  private timer: NodeJS.Timeout | undefined;
  private opened = false;
  /** One probe at a time: a trip while one is out waits for its answer. */
  private probing = false;

  constructor(
    /** True when the database answered; it must give up within about `intervalMs`. */
    private readonly probe: () => Promise<boolean>,
    private readonly intervalMs = retryAfterSeconds * 1000,
  ) {}

  get isOpen(): boolean {
    return this.opened;
  }

  /** Throws DATABASE_UNAVAILABLE at once while the breaker is open. */
  check(): void {
    if (this.opened) throw databaseUnavailable();
  }

  /** The database did not answer: open, and probe until it does (the first probe at once). */
  trip(): void {
    if (this.opened) return;
    this.opened = true;
    if (!this.probing) this.probeAfter(0);
  }

  /** The database answered. */
  close(): void {
    this.opened = false;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private probeAfter(ms: number): void {
    this.timer = setTimeout(async () => {
      const started = performance.now();
      this.probing = true;
      const answered = await this.probe()
        .catch(() => false)
        .finally(() => {
          this.probing = false;
        });
      if (answered) return this.close();
      if (this.opened) this.probeAfter(Math.max(0, this.intervalMs - (performance.now() - started)));
    }, ms);
    // A breaker left open must not keep a finished process alive.
    this.timer.unref();
  }
}
