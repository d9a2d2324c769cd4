import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';

export interface LocalRedis {
  url: string;
  stop(): Promise<void>;
}

/**
 * A throwaway Redis (Debian's `redis-server`) on loopback at `port`, working in `dir`, with no
 * persistence: no snapshots, no append-only file. It is stopped when the calling process exits,
 * however it exits, as the test Neo4j is (src/db/stop-with-process.ts).
 */
export async function startLocalRedis(dir: string, port: number): Promise<LocalRedis> {
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    '--appendonly',
    'no',
  ];
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);
  await ready(child);
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      process.off('exit', killOnExit);
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

/** Resolves when the server says it accepts connections; rejects when it exits first. */
function ready(child: ChildProcess): Promise<void> {
  let output = '';
  return new Promise((resolve, reject) => {
    child.on('error', (error) =>
      reject(new Error(`redis-server did not start (apt-get install redis-server): ${error.message}`)),
    );
    child.on('exit', (code) => reject(new Error(`redis-server exited with code ${code}:\n${output}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk;
      if (output.includes('Ready to accept connections')) resolve();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk;
    });
  });
}
