// npm run compose:check: validates docker-compose.yml offline and checks it against the launcher.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { readConfig } from '../src/config.ts';

const problems: string[] = [];
const compose = spawnSync('docker-compose', ['config', '-q'], { encoding: 'utf8' });
if (compose.error) problems.push('docker-compose is not installed (Debian: apt-get install docker-compose)');
else if (compose.status !== 0) problems.push(`docker-compose config failed:\n${compose.stderr}`);

const file = parse(readFileSync('docker-compose.yml', 'utf8'));
const pom = readFileSync('tools/neo4j-local/pom.xml', 'utf8');
const launcherVersion = /<neo4j.version>([\d.]+)<\/neo4j.version>/.exec(pom)?.[1] ?? '';
const image: string = file.services?.neo4j?.image ?? '';
const tag = image.split(':')[1] ?? '';
if (!image.startsWith('neo4j:') || !launcherVersion.startsWith(`${tag}.`)) {
  problems.push(
    `image ${image} does not match the launcher's Neo4j ${launcherVersion} (expected neo4j:${launcherVersion.split('.').slice(0, 2).join('.')})`,
  );
}
if (file.services?.app?.depends_on?.neo4j?.condition !== 'service_healthy') {
  problems.push('app must depend on neo4j with condition: service_healthy');
}
if (!file.services?.neo4j?.healthcheck) problems.push('neo4j needs a healthcheck');

// Every variable the app is given must be one the app reads.
const known = new Set(['NEO4J_URI', 'NEO4J_USER', 'NEO4J_PASSWORD', 'NEO4J_DATABASE', 'PORT']);
const source = readFileSync('src/config.ts', 'utf8');
for (const name of Object.keys(file.services?.app?.environment ?? {})) {
  if (!known.has(name) || !source.includes(`env.${name}`))
    problems.push(`app sets ${name}, which src/config.ts does not read`);
}
// Neo4j rejects unknown NEO4J_* settings at start-up (strict validation).
for (const name of Object.keys(file.services?.neo4j?.environment ?? {})) {
  if (name.startsWith('NEO4J_') && name !== 'NEO4J_AUTH' && !/^NEO4J_(server|db|dbms)_/.test(name)) {
    problems.push(`neo4j sets ${name}, which is not a Neo4j setting`);
  }
}
// The app must accept the values compose gives it (readConfig throws on a bad PORT).
try {
  readConfig(file.services?.app?.environment ?? {});
} catch (error) {
  problems.push(`app environment: ${(error as Error).message}`);
}

if (problems.length) {
  console.error(problems.map((problem) => `compose: ${problem}`).join('\n'));
  process.exit(1);
}
console.log(`docker-compose.yml is valid: ${image} matches launcher Neo4j ${launcherVersion}.`);
