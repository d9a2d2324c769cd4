import { hostname } from 'node:os';
import neo4j from 'neo4j-driver';
import type { Database } from './database.ts';
import { mapDatabaseError } from './database-errors.ts';

/**
 * The lock every writer of the knowledge base takes: a curation write, and a load (`npm start`,
 * `kb:load`) that reconciles the graph with the files. One writer at a time for the graph and its files.
 */
export const curationLock = 'curation';

/** The lock's node exists once (a constraint, cypher/009): setting it takes its write lock. */
const takeLock = 'MERGE (l:WriteLock {id: $id}) SET l.holder = $holder, l.since = datetime()';

/**
 * Runs `work` while this process holds the lock node `(:WriteLock {id: lock})`. A transaction of
 * its own sets the node and stays open until `work` settles, so another process (a replica) that
 * asks for the same lock waits in Neo4j until then. Neo4j rather than a lock file or Redis: the
 * lock lives where every replica's writes go, on any host, and cannot outlive its holder: the
 * transaction is rolled back, never committed, and a process that dies loses its connection, so
 * Neo4j rolls it back and frees the lock.
 */
export async function exclusively<T>(db: Database, lock: string, work: () => Promise<T>): Promise<T> {
  db.checkAvailable();
  const session = db.driver.session({ database: db.database, defaultAccessMode: neo4j.session.WRITE });
  const tx = session.beginTransaction({ metadata: { app: 'policy-graph', query: 'lock.take' } });
  try {
    try {
      await tx.run(takeLock, { id: lock, holder: `${hostname()}:${process.pid}` });
    } catch (error) {
      throw mapDatabaseError(error);
    }
    return await work();
  } finally {
    await tx.rollback().catch(() => {});
    await session.close().catch(() => {});
  }
}
