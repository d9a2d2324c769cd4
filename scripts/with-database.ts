import { type Config, readConfig } from '../src/config.ts';
import { createDriver, Database } from '../src/db/database.ts';
import { DataDirInUseError, type LocalNeo4j, startLocalNeo4j } from '../src/db/local-neo4j.ts';
import { findRunningLocalNeo4j } from '../src/db/running-local-neo4j.ts';
import { stopWithProcess } from '../src/db/stop-with-process.ts';

interface Target {
  uri: string;
  credentials: Pick<Config, 'neo4jUser' | 'neo4jPassword'>;
  /** Set only when we started the Neo4j: one that was already running (npm start) stays up. */
  stop?: () => Promise<void>;
}

/**
 * Runs `work` against NEO4J_URI, or against the local Neo4j: the one already running on the data
 * directory (under `npm start`, say) if there is one, else one started for the occasion.
 */
export async function withDatabase(
  work: (db: Database) => Promise<void>,
  config: Config = readConfig(),
): Promise<void> {
  const target = config.neo4jUri ? { uri: config.neo4jUri, credentials: config } : await localTarget(config);
  const db = new Database(createDriver(target.credentials, target.uri), config.neo4jDatabase, 600);
  try {
    await work(db);
  } finally {
    await db.close();
    await target.stop?.();
  }
}

async function localTarget(config: Config): Promise<Target> {
  const running = await findRunningLocalNeo4j(config.localDataDir);
  if (running) {
    return { uri: running.uri, credentials: { neo4jUser: running.user, neo4jPassword: running.password } };
  }
  const starting = startLocalOrExit(config);
  // Ctrl-C, a kill or a crash would otherwise leave it running after us; from the start on.
  const release = stopWithProcess(starting);
  const local = await starting;
  return {
    uri: local.uri,
    credentials: { neo4jUser: local.user, neo4jPassword: local.password },
    stop: async () => {
      await local.stop();
      release();
    },
  };
}

/** A locked data directory is the user's situation to resolve, not a crash: one sentence, exit 1. */
async function startLocalOrExit(config: Config): Promise<LocalNeo4j> {
  try {
    return await startLocalNeo4j({
      dataDir: config.localDataDir,
      port: config.localBoltPort,
      appPort: config.port,
    });
  } catch (error) {
    if (!(error instanceof DataDirInUseError)) throw error;
    console.error(
      `The local Neo4j in ${config.localDataDir} is in use by another process but does not answer yet: wait until \`npm start\` says Ready and run this again, or stop it, or set NEO4J_URI to the server to use.`,
    );
    process.exit(1);
  }
}
