import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { localPassword } from './local-password.ts';
import { forgetRunning, recordRunning } from './running-local-neo4j.ts';

const launcherDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../tools/neo4j-local');
const targetDir = join(launcherDir, 'target');
const stampFile = join(targetDir, 'build.stamp');

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

/** Restart back-off: 1 s, 2 s, 4 s … at most 30 s; after a minute up, a crash starts again at 1 s. */
function restartDelayMs(attempt: number): number {
  return Math.min(1_000 * 2 ** attempt, 30_000);
}
const stableAfterMs = 60_000;

export class LocalNeo4jError extends Error {
  override name = 'LocalNeo4jError';
}

/** Another launcher holds the data directory's lock: that Neo4j is running, or still starting. */
export class DataDirInUseError extends LocalNeo4jError {
  override name = 'DataDirInUseError';
}

export interface LocalNeo4jOptions {
  dataDir: string;
  port: number;
  /** e.g. "2g"; default 2g. */
  heap?: string;
  /** e.g. "1g"; default 1g. */
  pageCache?: string;
  /** Origins that may open a WebSocket to Bolt; default the app's own, http://localhost:APP and http://127.0.0.1:APP. */
  allowedOrigins?: string[];
  /** The app's HTTP port, for the default allowed origins; default 4000. */
  appPort?: number;
  /** Called with each line the launcher prints, for logs. */
  onLine?: (line: string) => void;
  /** Start it again, with back-off, whenever it exits without stop() (npm start). */
  restart?: boolean;
  /** One line per unexpected exit and per restart; default console.error. */
  onEvent?: (message: string) => void;
}

export interface LocalNeo4j {
  uri: string;
  user: string;
  password: string;
  /** Where the password is kept: in the data directory, mode 0600. */
  passwordFile: string;
  startupMs: number;
  /** The launcher's process id; undefined while it is down. */
  readonly pid: number | undefined;
  /** How many times it was restarted after an unexpected exit. */
  readonly restarts: number;
  stop(): Promise<void>;
}

interface Running {
  child: ChildProcess;
  uri: string;
  startupMs: number;
  readyAt: number;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : [join(dir, entry.name)]))
    .sort();
}

function sourceHash(): string {
  const hash = createHash('sha256');
  for (const file of [join(launcherDir, 'pom.xml'), ...sourceFiles(join(launcherDir, 'src'))]) {
    hash.update(relative(launcherDir, file)).update(readFileSync(file));
  }
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

/**
 * Starts Neo4j Community in a child JVM and resolves once it answers a query. Authentication is
 * on (user neo4j, the password from `<dataDir>/password`); with `restart`, an exit we did not ask
 * for is logged and followed by a restart on the same port and data directory. While it runs,
 * `<dataDir>/neo4j-local.pid` says where, so that scripts use it rather than start another.
 */
export async function startLocalNeo4j(options: LocalNeo4jOptions): Promise<LocalNeo4j> {
  requireCommand('java', ['-version'], 'Java 17');
  buildLauncher(options.onLine);
  const { file, password } = localPassword(options.dataDir);
  const args = launcherArgs(options, file);
  const first = await launch(args, options.onLine);
  const supervisor = new Supervisor(first, args, options);
  return {
    uri: first.uri,
    user: 'neo4j',
    password,
    passwordFile: file,
    startupMs: first.startupMs,
    get pid() {
      const { child } = supervisor.current;
      return isRunning(child) ? child.pid : undefined;
    },
    get restarts() {
      return supervisor.restarts;
    },
    stop: () => supervisor.stop(),
  };
}

/** The JVM's command line: heap, flags, the launcher class and its options. */
function launcherArgs(options: LocalNeo4jOptions, passwordFile: string): string[] {
  const appPort = options.appPort ?? 4000;
  const origins = options.allowedOrigins ?? [`http://localhost:${appPort}`, `http://127.0.0.1:${appPort}`];
  return [
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
    // The path, not the password: arguments are visible to everyone in `ps`.
    '--password-file',
    passwordFile,
    ...origins.flatMap((origin) => ['--allowed-origin', origin]),
    '--pagecache',
    options.pageCache ?? '1g',
    '--watch-stdin',
  ];
}

/**
 * Watches a launched Neo4j: records it for scripts while it runs and, with `restart`, starts it
 * again with back-off after an exit that stop() did not ask for.
 */
class Supervisor {
  current: Running;
  restarts = 0;
  private stopping = false;
  private attempt = 0;
  private timer: NodeJS.Timeout | undefined;
  private relaunching: Promise<void> | undefined;
  /** A restart still starting up, which stop() must be able to end. */
  private launching: ChildProcess | undefined;
  private readonly onEvent: (message: string) => void;
  private readonly args: string[];
  private readonly options: LocalNeo4jOptions;

  constructor(first: Running, args: string[], options: LocalNeo4jOptions) {
    this.current = first;
    this.args = args;
    this.options = options;
    this.onEvent = options.onEvent ?? ((message: string) => console.error(message));
    this.watch(first);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    if (this.launching) await stopChild(this.launching);
    await this.relaunching;
    await stopChild(this.current.child);
  }

  private watch(running: Running): void {
    const { dataDir } = this.options;
    // Scripts find a running Neo4j by this record (see running-local-neo4j.ts); it goes when it exits.
    recordRunning(dataDir, { pid: running.child.pid as number, uri: running.uri });
    running.child.once('exit', (code, signal) => {
      forgetRunning(dataDir, running.child.pid);
      if (this.stopping || !this.options.restart) return;
      const upMs = performance.now() - running.readyAt;
      if (upMs >= stableAfterMs) this.attempt = 0;
      const how = signal ? `killed by ${signal}` : `exit code ${code}`;
      this.scheduleRestart(`Local Neo4j stopped unexpectedly (${how}) after ${Math.round(upMs / 1000)} s up`);
    });
  }

  private scheduleRestart(why: string): void {
    const delay = restartDelayMs(this.attempt++);
    this.onEvent(`${why}; restarting it in ${delay / 1000} s.`);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.relaunching = this.relaunch().finally(() => {
        this.relaunching = undefined;
        this.launching = undefined;
      });
    }, delay);
  }

  private relaunch(): Promise<void> {
    return launch(this.args, this.options.onLine, (child) => {
      this.launching = child;
    }).then(
      async (running) => {
        if (this.stopping) return stopChild(running.child);
        this.current = running;
        this.restarts += 1;
        this.onEvent(`Local Neo4j is back at ${running.uri} (ready in ${running.startupMs} ms).`);
        this.watch(running);
      },
      (error: Error) => {
        if (!this.stopping) {
          this.scheduleRestart(`Local Neo4j did not restart (${error.message.split('\n')[0]})`);
        }
      },
    );
  }
}

async function launch(
  args: string[],
  onLine: ((line: string) => void) | undefined,
  onSpawn?: (child: ChildProcess) => void,
): Promise<Running> {
  // Its own process group: Ctrl-C in a terminal reaches only us, and we stop Neo4j in order (a
  // Neo4j that stopped by itself first would look like a crash). --watch-stdin stops it if we die.
  const child = spawn('java', args, { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  onSpawn?.(child);
  const ready = await waitForReady(child, onLine);
  return { child, ...ready, readyAt: performance.now() };
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
        const message = `Local Neo4j did not start: ${line.slice('NEO4J_LOCAL_ERROR '.length)}`;
        // The launcher's words when another one holds the data directory's lock (Launcher.java).
        const inUse = /: data directory .* is already in use/.test(message);
        reject(inUse ? new DataDirInUseError(message) : new LocalNeo4jError(message));
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

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (!isRunning(child)) return Promise.resolve();
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
