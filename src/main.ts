import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readConfig } from './config.ts';
import { createDriver, Database } from './db/database.ts';
import { type LocalNeo4j, startLocalNeo4j } from './db/local-neo4j.ts';
import { migrate } from './db/migrate.ts';
import { curationLock, exclusively } from './db/write-lock.ts';
import { dataDir } from './facts/source-files.ts';
import { describeFailure, formatChange, loadAllSources } from './loader/load-all.ts';
import { drain, listen } from './server.ts';
import { createApp } from './yoga.ts';

/**
 * `npm start`: a local Neo4j unless NEO4J_URI names a server, then migrations, the knowledge
 * base, and the HTTP server. SIGTERM and SIGINT drain requests and stop everything in order.
 */
async function main(): Promise<void> {
  const config = readConfig();
  let local: LocalNeo4j | undefined;
  let uri = config.neo4jUri;
  if (!uri) {
    console.log(`Starting local Neo4j (data in ${config.localDataDir}, bolt port ${config.localBoltPort})…`);
    local = await startLocalNeo4j({
      dataDir: config.localDataDir,
      port: config.localBoltPort,
      appPort: config.port,
      onLine: log,
      // A Neo4j that dies is logged and started again; the driver reconnects once it answers.
      restart: true,
    });
    uri = local.uri;
    console.log(`Neo4j is up at ${uri} (${local.startupMs} ms).`);
  }
  const credentials = local ? { neo4jUser: local.user, neo4jPassword: local.password } : config;
  const db = new Database(createDriver(credentials, uri), config.neo4jDatabase, config.queryTimeoutSeconds);
  let server: Server | undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: draining requests…`);
    if (server) await drain(server);
    await db.close();
    if (local) {
      const started = performance.now();
      await local.stop();
      console.log(`Stopped Neo4j in ${Math.round(performance.now() - started)} ms.`);
    }
    console.log('Stopped.');
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));

  try {
    const ran = await migrate(db);
    console.log(ran.length ? `Applied migrations: ${ran.join(', ')}` : 'Migrations are up to date.');
    // A broken source is skipped, not fatal: the graph keeps its last good load, /ready names it.
    const dir = config.dataDir ?? dataDir;
    // Under the curation lock: replicas starting together, or one starting while another curates,
    // reconcile the graph one after another.
    const kb = await exclusively(db, curationLock, () => loadAllSources(db, dir));
    for (const change of kb.changes) console.log(formatChange(change, 5).join('\n'));
    const failed = kb.failed.map((failure) => describeFailure(failure));
    for (const { source, problems } of failed) {
      const more = problems.length > 20 ? [`… and ${problems.length - 20} more (npm run kb:check)`] : [];
      console.error(`Skipped source ${source}; the graph keeps its last good load. Problems:`);
      for (const line of [...problems.slice(0, 20), ...more]) console.error(`  ${line}`);
    }
    const app = createApp(db, { ...config, dataDir: dir }, { failedSources: () => failed });
    server = await listen(app, {
      port: config.port,
      host: config.host,
      exportStallMs: config.exportStallSeconds * 1000,
    });
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    await db.close();
    await local?.stop();
    process.exit(1);
  }
  const { port } = server.address() as AddressInfo;
  console.log(
    `\nReady. Explorer: http://localhost:${port}/   GraphQL: http://localhost:${port}/graphql   (health: /health, ready: /ready)`,
  );
}

function log(line: string): void {
  if (line.startsWith('NEO4J_LOCAL_ERROR')) console.error(line);
}

void main();
