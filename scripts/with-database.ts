import { readConfig } from '../src/config.ts';
import { createDriver, Database } from '../src/db/database.ts';
import { type LocalNeo4j, startLocalNeo4j } from '../src/db/local-neo4j.ts';

/** Runs `work` against NEO4J_URI, or against the local Neo4j (started for the occasion). */
export async function withDatabase(work: (db: Database) => Promise<void>): Promise<void> {
  const config = readConfig();
  let local: LocalNeo4j | undefined;
  if (!config.neo4jUri)
    local = await startLocalNeo4j({
      dataDir: config.localDataDir,
      port: config.localBoltPort,
      appPort: config.port,
    });
  const db = new Database(
    local
      ? createDriver({ neo4jUser: local.user, neo4jPassword: local.password }, local.uri)
      : createDriver(config, config.neo4jUri as string),
    config.neo4jDatabase,
    600,
  );
  try {
    await work(db);
  } finally {
    await db.close();
    await local?.stop();
  }
}
