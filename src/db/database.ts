import neo4j, { type Driver, Neo4jError, type QueryResult, type RecordShape } from 'neo4j-driver';
import type { Config } from '../config.ts';
import { userError } from '../errors.ts';
import { toPlain } from './values.ts';

export type Params = Record<string, unknown>;
export type Row = Record<string, unknown>;

/** One named Cypher statement. Every value goes in as a parameter. */
export interface Query {
  name: string;
  cypher: string;
}

/** Counts the Neo4j round trips of one GraphQL operation. */
export interface RoundTripCounter {
  count: number;
}

export function createDriver(config: Pick<Config, 'neo4jUser' | 'neo4jPassword'>, uri: string): Driver {
  return neo4j.driver(uri, neo4j.auth.basic(config.neo4jUser, config.neo4jPassword), {
    // Fail fast while the database is away; the pool reconnects on its own when it returns.
    maxTransactionRetryTime: 3_000,
    connectionTimeout: 3_000,
    connectionAcquisitionTimeout: 5_000,
    disableLosslessIntegers: false,
    userAgent: 'policy-graph/0.1',
  });
}

const unavailableCodes = new Set([
  'ServiceUnavailable',
  'SessionExpired',
  'Neo.TransientError.General.DatabaseUnavailable',
  'Neo.ClientError.Database.DatabaseNotFound',
]);

/** Maps driver errors to coded GraphQL errors; anything else is rethrown (and masked by Yoga). */
export function mapDatabaseError(error: unknown): unknown {
  if (!(error instanceof Neo4jError)) return error;
  // Memory errors are transient too, but retrying the same work will not help: say what happened.
  if (error.code.includes('Memory')) {
    return userError(
      'QUERY_TOO_LARGE',
      'The database ran out of memory for this work. Ask for less (smaller pages, fewer levels), or give Neo4j more heap.',
    );
  }
  if (unavailableCodes.has(error.code) || error.code.startsWith('Neo.TransientError.General')) {
    return userError('DATABASE_UNAVAILABLE', 'The database is unavailable. Try again shortly.');
  }
  if (error.code.includes('TransactionTimedOut') || error.code.includes('Transaction.Terminated')) {
    return userError('QUERY_TIMEOUT', 'The query took too long and was stopped.');
  }
  return error;
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
 * The one door to Neo4j: managed transactions (reads through executeRead so `neo4j://` routing
 * works on clusters), sessions closed in `finally`, named queries, a timeout, and plain rows out.
 */
export class Database {
  constructor(
    readonly driver: Driver,
    readonly database: string,
    private readonly timeoutSeconds: number,
  ) {}

  read(query: Query, params: Params = {}, counter?: RoundTripCounter): Promise<Row[]> {
    return this.run('READ', query, params, counter);
  }

  write(query: Query, params: Params = {}, counter?: RoundTripCounter): Promise<Row[]> {
    return this.run('WRITE', query, params, counter);
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
    const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.WRITE });
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

  /** True when the database answers a trivial query. */
  async ping(): Promise<boolean> {
    try {
      await this.read({ name: 'ping', cypher: 'RETURN 1 AS ok' });
      return true;
    } catch {
      return false;
    }
  }

  close(): Promise<void> {
    return this.driver.close();
  }

  private async run(
    mode: 'READ' | 'WRITE',
    query: Query,
    params: Params,
    counter?: RoundTripCounter,
  ): Promise<Row[]> {
    const session = this.driver.session({
      database: this.database,
      defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
    });
    const config = {
      metadata: { app: 'policy-graph', query: query.name },
      timeout: this.timeoutSeconds * 1000,
    };
    try {
      if (counter) counter.count += 1;
      const work = (tx: { run: (cypher: string, params: Params) => Promise<QueryResult<RecordShape>> }) =>
        tx.run(query.cypher, integerParams(params));
      const result =
        mode === 'READ' ? await session.executeRead(work, config) : await session.executeWrite(work, config);
      return result.records.map((record) => toPlain(record.toObject()) as Row);
    } catch (error) {
      throw mapDatabaseError(error);
    } finally {
      await session.close();
    }
  }
}
