// npm run neo4j:local -- build   builds (or reuses) the launcher and says how long it took.
// npm run neo4j:local -- start   runs the local Neo4j in the foreground until Ctrl-C.
import { readConfig } from '../src/config.ts';
import { buildLauncher, startLocalNeo4j } from '../src/db/local-neo4j.ts';
import { stopWithProcess } from '../src/db/stop-with-process.ts';

const command = process.argv[2] ?? 'start';
if (command === 'build') {
  const started = performance.now();
  const built = buildLauncher(console.log);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(built ? `Built the launcher in ${seconds} s.` : 'The launcher is already built.');
} else if (command === 'start') {
  const config = readConfig();
  const starting = startLocalNeo4j({
    dataDir: config.localDataDir,
    port: config.localBoltPort,
    appPort: config.port,
    onLine: console.log,
  });
  stopWithProcess(starting, console.log);
  const neo4j = await starting;
  console.log(`Neo4j is ready at ${neo4j.uri} (${neo4j.startupMs} ms). Ctrl-C stops it.`);
  console.log(`User ${neo4j.user}; the password is in ${neo4j.passwordFile}.`);
} else {
  console.error(`Unknown command "${command}": use build or start.`);
  process.exit(2);
}
