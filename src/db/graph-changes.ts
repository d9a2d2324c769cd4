import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

/** A write to the graph: the bookmarks a reader must wait for to see it (on a cluster). */
export interface GraphChange {
  bookmarks: string[];
}

type Listener = (change: GraphChange, elsewhere: boolean) => unknown;

/** The channel every replica listens on. */
const channel = 'policy-graph:graph-changed';

/**
 * Tells the listeners of every replica that the graph changed, as soon as a write commits: in
 * this process directly, in the others through Redis pub/sub when `redisUrl` is given. A replica
 * that hears of a change reads the graph's version again (src/response-cache.ts) and waits, on a
 * cluster, for the write's bookmarks. Redis that is away loses messages: the version's maximum
 * age (RESPONSE_CACHE_VERSION_MS) is the fallback, as for writes that publish nothing (`kb:load`).
 */
export class GraphChanges {
  /** A shared Redis for commands (the response cache keeps answers in it); none without `redisUrl`. */
  readonly redis?: Redis;
  private readonly subscriber?: Redis;
  private readonly listeners = new Set<Listener>();
  /** This process's messages come back through Redis: they carry its id, and are skipped. */
  private readonly origin = randomUUID();

  constructor(redisUrl?: string) {
    if (!redisUrl) return;
    // A store that is away is a miss (src/response-cache.ts), not a crash, and never a queue.
    this.redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
    this.redis.on('error', () => {});
    this.subscriber = new Redis(redisUrl, { maxRetriesPerRequest: null });
    this.subscriber.on('error', () => {});
    // Messages missed while away are unknown: after a reconnection every listener forgets.
    this.subscriber.on('ready', () => this.tell({ bookmarks: [] }, true));
    this.subscriber.on('message', (_channel: string, text: string) => this.received(text));
    void this.subscriber.subscribe(channel).catch(() => {});
  }

  /** Calls `listener` on every change; returns what stops it. */
  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Tells this process's listeners, then publishes to the others. Awaited before a write
   * answers: Redis has handed the message to every subscriber before the writer's client can ask
   * anyone again.
   */
  async publish(change: GraphChange): Promise<void> {
    this.tell(change, false);
    try {
      await this.redis?.publish(channel, JSON.stringify({ origin: this.origin, ...change }));
    } catch {
      // Redis is away: the others see the write once their version is old enough.
    }
  }

  close(): void {
    this.redis?.disconnect();
    this.subscriber?.disconnect();
  }

  private received(text: string): void {
    let message: { origin?: unknown; bookmarks?: unknown };
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (message.origin === this.origin) return;
    const bookmarks = Array.isArray(message.bookmarks) ? message.bookmarks.map(String) : [];
    this.tell({ bookmarks }, true);
  }

  private tell(change: GraphChange, elsewhere: boolean): void {
    for (const listener of this.listeners) listener(change, elsewhere);
  }
}
