import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { inject } from 'vitest';

/** Runs one of scripts/ as `npm run` would, against the test Neo4j; `env` adds to its environment. */
export function runScript(file: string, args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['--import', 'tsx', `scripts/${file}`, ...args], {
    encoding: 'utf8',
    env: {
      ...process.env,
      NEO4J_URI: inject('neo4jUri'),
      NEO4J_PASSWORD: process.env.NEO4J_TEST_PASSWORD ?? inject('neo4jPassword'),
      ...env,
    },
  });
}

/** Everything an async iterable gives, in order (Array.fromAsync, which Node 20 lacks). */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

export interface RunningScript {
  child: ChildProcessWithoutNullStreams;
  /** Everything it printed so far, stdout and stderr. */
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts one of scripts/ with exactly `env`, its stdin a pipe left open; for scripts killed midway. */
export function startScript(file: string, args: string[], env: NodeJS.ProcessEnv): RunningScript {
  const child = spawn(process.execPath, ['--import', 'tsx', `scripts/${file}`, ...args], { env });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) =>
    child.once('exit', (code, signal) => resolveExit({ code, signal })),
  );
  return { child, output: () => output, exited };
}
