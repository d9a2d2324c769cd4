import neo4j, {
  type Driver,
  type Record as NeoRecord,
  type QueryResult,
  type RecordShape,
  type Session,
} from 'neo4j-driver';
import type { Config } from '../config.ts';
import { CircuitBreaker } from './breaker.ts';
import { type OperationBudget, unlimitedBudget } from './budget.ts';
import { mapDatabaseError, unreachable } from './database-errors.ts';
import { withDeadline } from './deadline.ts';
import { plainRows, toPlain } from './values.ts';

export type Params = Record<string, unknown>;
export type Row = Record<string, unknown>;

/** One named Cypher statement. Every value goes in as a parameter. */
export interface Query {
  name: string;
  cypher: string;
  /**
   * What it reads is kept in a cache all operations share (an analytics projection), not
   * answered: the operation's byte budget does not count it.
   */
  shared?: boolean;
}

export interface StreamOptions {
  /**
   * The operation it belongs to: a session slot from it, its rows and bytes counted, and its
   * deadline Neo4j's timeout. Without one the whole has no limit (an export to a slow reader takes
   * minutes; src/server.ts cuts a reader that stalls), but each wait on the database has one.
   */
  budget?: OperationBudget;
  /** Rows as the driver gives them, Integers and temporals kept, for a caller that writes them back as Cypher. */
  raw?: boolean;
}

export function createDriver(config: Pick<Config, 'neo4jUser' | 'neo4jPassword'>, uri: string): Driver {
  return neo4j.driver(uri, neo4j.auth.basic(config.neo4jUser, config.neo4jPassword), {
    // Fail fast while the database is away; the pool reconnects on its own when it returns.
    maxTransactionRetryTime: 3_000,
    connectionTimeout: 3_000,
    connectionAcquisitionTimeout: 5_000,
    maxConnectionPoolSize: 50,
    disableLosslessIntegers: false,
    userAgent: 'policy-graph/0.1',
    // Neo4j warns about every relationship type of the ontology not yet in the graph, on every query
    // that names it: 38 warnings and 15 kB on a shortest path, unpacked and thrown away (docs/reports/profiles.md).
    notificationFilter: { minimumSeverityLevel: 'OFF' },
  });
}

/** JS numbers reach Cypher as floats, which LIMIT and SKIP refuse: whole numbers go as Integers. */
function integerParams(params: Params): Params {
  return Object.fromEntries(
    Object.entries(params).map(([key, value]) => [
      key,
      Number.isInteger(value) ? neo4j.int(value as number) : value,
    ]),
  );
}

/**
 * The one door to Neo4j: a read is one auto-commit query in a READ session (so `neo4j://` routes it
 * to a reader on a cluster), a write a managed transaction; sessions closed in `finally`, named
 * queries, a timeout, and plain rows out. A database found away opens the circuit breaker
 * (src/db/breaker.ts): until a probe gets through, everything fails at once.
 */
export class Database {
  private readonly breaker = new CircuitBreaker(() => this.answers(probeTimeoutMs));
  /**
   * Every session of this process shares one bookmark manager: on a cluster (`neo4j://`) a read
   * waits until its reader has the writes this process made, or learned of (`learnBookmarks`).
   */
  private readonly bookmarks = neo4j.bookmarkManager();

  constructor(
    readonly driver: Driver,
    readonly database: string,
    private readonly timeoutSeconds: number,
  ) {}

  read(query: Query, params: Params = {}, budget?: OperationBudget): Promise<Row[]> {
    return this.run('READ', query, params, budget);
  }

  write(query: Query, params: Params = {}, budget?: OperationBudget): Promise<Row[]> {
    return this.run('WRITE', query, params, budget);
  }

  /**
   * The rows of one named read as Neo4j gives them, for answers too large to hold (exports,
   * releases). The driver pulls `streamFetchSize` records at a time and no more while the consumer
   * holds back; each wait for them has the deadline of a read. A consumer that stops (`break`, a
   * stream destroyed) cancels the query, and Neo4j frees its transaction.
   */
  async *stream(
    query: Query,
    params: Params = {},
    { budget, raw = false }: StreamOptions = {},
  ): AsyncGenerator<Row> {
    this.checkAvailable();
    const release = budget ? await budget.acquire() : () => {};
    let session: Session | undefined;
    let records: AsyncIterator<NeoRecord> | undefined;
    // Open: rows may follow, and stopping must cancel the query. Waiting: a `next` not yet settled.
    let open = true;
    let waiting = false;
    try {
      const timeout = budget ? { timeout: Math.max(1, budget.remainingMs() - serverTimeoutMargin) } : {};
      const config = { metadata: { app: 'policy-graph', query: query.name }, ...timeout };
      session = this.driver.session({
        database: this.database,
        defaultAccessMode: neo4j.session.READ,
        fetchSize: streamFetchSize,
        bookmarkManager: this.bookmarks,
      });
      records = session.run(query.cypher, integerParams(params), config)[Symbol.asyncIterator]();
      for (;;) {
        waiting = true;
        const next = await withDeadline(records.next(), budget?.remainingMs() ?? this.timeoutSeconds * 1000);
        waiting = false;
        if (next.done) {
          open = false;
          return;
        }
        yield raw ? rawRow(next.value, budget) : plainRow(next.value, query, budget);
      }
    } catch (error) {
      // The query failed, or the database stopped answering: there is nothing left to cancel.
      open = !waiting;
      if (unreachable(error)) this.breaker.trip();
      throw mapDatabaseError(error);
    } finally {
      const close = (async () => {
        if (open && !waiting) await records?.return?.().catch(() => {});
        await session?.close().catch(() => {});
        release();
      })();
      // A database that stopped answering is left to settle: closing its session would wait on it.
      if (!waiting) await close;
    }
  }

  /**
   * Runs statements one after another in one WRITE session, each in a transaction of its own
   * (auto-commit, so one may be `CALL { … } IN TRANSACTIONS`), all named `name`. No timeout: a
   * script that recreates a large graph takes minutes. Returns how many ran.
   */
  async writeEach(name: string, statements: AsyncIterable<string> | Iterable<string>): Promise<number> {
    this.checkAvailable();
    const session = this.writeSession();
    try {
      let count = 0;
      for await (const statement of statements) {
        await session.run(statement, {}, { metadata: { app: 'policy-graph', query: name } });
        count += 1;
      }
      return count;
    } catch (error) {
      throw mapDatabaseError(error);
    } finally {
      await session.close();
    }
  }

  /** The bookmarks of the writes this process made or learned of: what a reader elsewhere must wait for. */
  async currentBookmarks(): Promise<string[]> {
    return [...(await this.bookmarks.getBookmarks())];
  }

  /** Writes another process made (its `currentBookmarks`): this process's next reads wait for them. */
  learnBookmarks(bookmarks: string[]): Promise<void> {
    return this.bookmarks.updateBookmarks([], bookmarks);
  }

  /** Throws DATABASE_UNAVAILABLE at once while the database is known to be away. */
  checkAvailable(): void {
    this.breaker.check();
  }

  /**
   * Runs `work` in one write transaction: everything it writes applies, or nothing does. `run`
   * returns rows and adds Neo4j's update counters to `counters`. No timeout beyond the server's:
   * loads of large sources take minutes.
   */
  async writeTransaction<T>(
    name: string,
    work: (
      run: (query: Query, params?: Params) => Promise<Row[]>,
      counters: Record<string, number>,
    ) => Promise<T>,
  ): Promise<{ result: T; counters: Record<string, number> }> {
    this.checkAvailable();
    const session = this.writeSession();
    try {
      return await session.executeWrite(
        async (tx) => {
          const counters: Record<string, number> = {};
          const run = async (query: Query, params: Params = {}) => {
            const result = await tx.run(query.cypher, integerParams(params));
            const updates = result.summary.counters.updates() as unknown as Record<string, number>;
            for (const [key, value] of Object.entries(updates)) counters[key] = (counters[key] ?? 0) + value;
            return result.records.map((record) => toPlain(record.toObject()) as Row);
          };
          return { result: await work(run, counters), counters };
        },
        { metadata: { app: 'policy-graph', query: name } },
      );
    } catch (error) {
      throw mapDatabaseError(error);
    } finally {
      await session.close();
    }
  }

  /**
   * True when the database answers a trivial query within `timeoutMs`, asked even while the
   * breaker is open (`/ready` must see it come back), which its answer closes or opens.
   */
  async ping(timeoutMs = 2_000): Promise<boolean> {
    const answered = await this.answers(timeoutMs);
    if (answered) this.breaker.close();
    else this.breaker.trip();
    return answered;
  }

  private writeSession(): Session {
    return this.driver.session({
      database: this.database,
      defaultAccessMode: neo4j.session.WRITE,
      bookmarkManager: this.bookmarks,
    });
  }

  close(): Promise<void> {
    this.breaker.close();
    return this.driver.close();
  }

  private async answers(timeoutMs: number): Promise<boolean> {
    try {
      await this.attempt('READ', { name: 'ping', cypher: 'RETURN 1 AS ok' }, {}, unlimitedBudget(timeoutMs));
      return true;
    } catch {
      return false;
    }
  }

  /**
   * One round trip within the operation's budget. Neo4j's own transaction timeout ends slow
   * queries (QUERY_TIMEOUT); the client-side deadline just after it catches a database that has
   * stopped answering at all (frozen, or a network that drops packets), which Neo4j cannot report.
   */
  private async run(
    mode: 'READ' | 'WRITE',
    query: Query,
    params: Params,
    budget?: OperationBudget,
  ): Promise<Row[]> {
    this.checkAvailable();
    try {
      return await this.attempt(mode, query, params, budget);
    } catch (error) {
      if (unreachable(error)) this.breaker.trip();
      throw mapDatabaseError(error);
    }
  }

  /** One round trip, past the breaker; errors as the driver (or the deadline) gives them. */
  private async attempt(
    mode: 'READ' | 'WRITE',
    query: Query,
    params: Params,
    budget: OperationBudget = unlimitedBudget(this.timeoutSeconds * 1000),
  ): Promise<Row[]> {
    const release = await budget.acquire();
    let handedOver = false;
    try {
      const remaining = budget.remainingMs();
      const session = this.driver.session({
        database: this.database,
        defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
        bookmarkManager: this.bookmarks,
      });
      const config = {
        metadata: { app: 'policy-graph', query: query.name },
        timeout: Math.max(1, remaining - serverTimeoutMargin),
      };
      const work = (tx: { run: (cypher: string, params: Params) => Promise<QueryResult<RecordShape>> }) =>
        tx.run(query.cypher, integerParams(params));
      // The session's slot goes back when Neo4j is done with it, even after we stopped waiting.
      handedOver = true;
      const attempt = (async () => {
        try {
          // A read is one auto-commit query: RUN and PULL in one message, no BEGIN and no COMMIT
          // round trip (a third of the driver's socket writes per request, docs/reports/profiles.md).
          return mode === 'READ'
            ? await withoutCallerStack(() => session.run(query.cypher, integerParams(params), config))
            : await session.executeWrite(work, config);
        } finally {
          await session.close().catch(() => {});
          release();
        }
      })();
      const result = await withDeadline(attempt, remaining);
      const { rows, count, bytes } = plainRows(result.records);
      budget.addRows(count);
      if (!query.shared) budget.addBytes(bytes);
      return rows;
    } finally {
      if (!handedOver) release();
    }
  }
}

/**
 * The driver records its caller's stack for every query, to put on the error if the query fails.
 * Under tsx (source maps on) formatting it took a fifth of a read's CPU (docs/reports/profiles.md), so
 * reads start without it: a failed read's error still says what failed, and mapDatabaseError
 * gives it a code; only the stack of our caller is missing from it.
 */
function withoutCallerStack<T>(start: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return start();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** Records a stream's session pulls at a time (the driver's default is 1000). */
const streamFetchSize = 500;

/** A streamed record as plain JSON, counted on the operation's budget when it has one. */
function plainRow(record: { toObject(): object }, query: Query, budget?: OperationBudget): Row {
  const { rows, count, bytes } = plainRows([record]);
  budget?.addRows(count);
  if (!query.shared) budget?.addBytes(bytes);
  return rows[0] as Row;
}

function rawRow(record: { toObject(): object }, budget?: OperationBudget): Row {
  budget?.addRows(1);
  return record.toObject() as Row;
}

/** Neo4j's transaction timeout fires this much before our own deadline, so a slow query says so. */
const serverTimeoutMargin = 500;

/** The probe's own deadline: about the breaker's interval. */
const probeTimeoutMs = 1_000;
