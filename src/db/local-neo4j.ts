import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const launcherDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../tools/neo4j-local');
const targetDir = join(launcherDir, 'target');
const stampFile = join(targetDir, 'build.stamp');
const sourceFiles = ['pom.xml', 'src/main/java/dev/policygraph/neo4jlocal/Launcher.java'];

/** JVM flags as in Neo4j's own neo4j.conf, heap sized for a 2-core, 24 GB machine. */
const jvmFlags = [
  '-XX:+UseG1GC',
  '-XX:-OmitStackTraceInFastThrow',
  '-XX:+UnlockExperimentalVMOptions',
  '-XX:+TrustFinalNonStaticFields',
  '-XX:+DisableExplicitGC',
  '-Djdk.nio.maxCachedBufferSize=1024',
  '-Dio.netty.tryReflectionSetAccessible=true',
  '-Djdk.tls.ephemeralDHKeySize=2048',
  '-Djdk.tls.rejectClientInitiatedRenegotiation=true',
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
];

export class LocalNeo4jError extends Error {
  override name = 'LocalNeo4jError';
}

export interface LocalNeo4jOptions {
  dataDir: string;
  port: number;
  /** e.g. "2g"; default 2g. */
  heap?: string;
  /** e.g. "1g"; default 1g. */
  pageCache?: string;
  /** Called with each line the launcher prints, for logs. */
  onLine?: (line: string) => void;
}

export interface LocalNeo4j {
  uri: string;
  startupMs: number;
  stop(): Promise<void>;
}

function sourceHash(): string {
  const hash = createHash('sha256');
  for (const file of sourceFiles) hash.update(readFileSync(join(launcherDir, file)));
  return hash.digest('hex');
}

function requireCommand(command: string, args: string[], what: string): void {
  const probe = spawnSync(command, args, { stdio: 'ignore' });
  if (probe.error || probe.status !== 0) {
    throw new LocalNeo4jError(
      `${what} was not found ("${command}" did not run). Install it (Debian: apt-get install ${
        command === 'java' ? 'openjdk-17-jre-headless' : 'maven'
      }) or set NEO4J_URI to use a Neo4j server you already run.`,
    );
  }
}

/** Builds the launcher with Maven unless a build of the current sources is cached. Returns true when it built. */
export function buildLauncher(log: (line: string) => void = () => {}): boolean {
  const hash = sourceHash();
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === hash) return false;
  requireCommand('mvn', ['-v'], 'Maven');
  log('Building the local Neo4j launcher with Maven (first run only; downloads Neo4j from Maven Central)…');
  const build = spawnSync('mvn', ['-q', '-B', 'package', '-DskipTests'], {
    cwd: launcherDir,
    encoding: 'utf8',
  });
  if (build.error || build.status !== 0) {
    throw new LocalNeo4jError(`Maven could not build tools/neo4j-local:\n${build.stdout}${build.stderr}`);
  }
  mkdirSync(targetDir, { recursive: true });
  writeFileSync(stampFile, hash);
  return true;
}

/** Starts Neo4j Community in a child JVM and resolves once it answers a query. */
export async function startLocalNeo4j(options: LocalNeo4jOptions): Promise<LocalNeo4j> {
  requireCommand('java', ['-version'], 'Java 17');
  buildLauncher(options.onLine);
  const args = [
    `-Xms${options.heap ?? '2g'}`,
    `-Xmx${options.heap ?? '2g'}`,
    ...jvmFlags,
    '-cp',
    `${join(targetDir, 'classes')}:${join(targetDir, 'lib', '*')}`,
    'dev.policygraph.neo4jlocal.Launcher',
    '--port',
    String(options.port),
    '--data',
    resolve(options.dataDir),
    '--pagecache',
    options.pageCache ?? '1g',
    '--watch-stdin',
  ];
  const child = spawn('java', args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const uri = await waitForReady(child, options.onLine);
  return {
    uri: uri.uri,
    startupMs: uri.startupMs,
    stop: () => stopChild(child),
  };
}

function waitForReady(
  child: ChildProcess,
  onLine: ((line: string) => void) | undefined,
): Promise<{ uri: string; startupMs: number }> {
  return new Promise((resolveReady, reject) => {
    const tail: string[] = [];
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    const errLines = createInterface({ input: child.stderr as NodeJS.ReadableStream });
    const remember = (line: string) => {
      tail.push(line);
      if (tail.length > 30) tail.shift();
      onLine?.(line);
    };
    errLines.on('line', remember);
    lines.on('line', (line) => {
      remember(line);
      const ready = /^NEO4J_LOCAL_READY (\S+) startup_ms=(\d+)/.exec(line);
      if (ready?.[1]) resolveReady({ uri: ready[1], startupMs: Number(ready[2]) });
      if (line.startsWith('NEO4J_LOCAL_ERROR ')) {
        reject(new LocalNeo4jError(`Local Neo4j did not start: ${line.slice('NEO4J_LOCAL_ERROR '.length)}`));
      }
    });
    child.once('error', (error) => reject(new LocalNeo4jError(`Could not run java: ${error.message}`)));
    child.once('exit', (code) =>
      reject(
        new LocalNeo4jError(`Local Neo4j exited with code ${code} before it was ready:\n${tail.join('\n')}`),
      ),
    );
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolveStop();
    });
    // SIGTERM runs the launcher's shutdown hook, which checkpoints the store.
    child.kill('SIGTERM');
  });
}
