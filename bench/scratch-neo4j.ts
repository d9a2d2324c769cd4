import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDriver, Database } from '../src/db/database.ts';
import { type LocalNeo4j, startLocalNeo4j } from '../src/db/local-neo4j.ts';
import { stopWithProcess } from '../src/db/stop-with-process.ts';

/**
 * A throwaway local Neo4j with a large heap, for benchmarks; removed afterwards. BENCH_PAGE_CACHE
 * (default 2g) sizes its page cache: the 1M graph's store (3.8 GiB) does not fit in 2g.
 */
export async function withScratchNeo4j(
  work: (db: Database, uri: string, password: string, neo4j: LocalNeo4j, dataDir: string) => Promise<void>,
  port = 7699,
): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'policy-graph-bench-'));
  const neo4j = await startLocalNeo4j({
    dataDir,
    port,
    heap: '4g',
    pageCache: process.env.BENCH_PAGE_CACHE ?? '2g',
  });
  const release = stopWithProcess(neo4j);
  const credentials = { neo4jUser: neo4j.user, neo4jPassword: neo4j.password };
  const db = new Database(createDriver(credentials, neo4j.uri), 'neo4j', 600);
  try {
    await work(db, neo4j.uri, neo4j.password, neo4j, dataDir);
  } finally {
    await db.close();
    await neo4j.stop();
    release();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
