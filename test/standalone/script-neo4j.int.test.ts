import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/free-port.ts';
import { type RunningScript, startScript } from '../helpers/scripts.ts';
import { until } from '../helpers/until.ts';

// A script that starts its own Neo4j stops it however the script ends (issue 32). No knowledge
// base is read: the script is fed through its stdin.
describe('a script that starts a Neo4j', () => {
  // Each test here starts the script's own Neo4j in a JVM: tens of seconds on a loaded machine,
  // which is what the longer timeout is for.
  const jvm = 240_000;
  const localEnv = async (dataDir: string) => ({
    ...process.env,
    NEO4J_URI: '',
    NEO4J_LOCAL_DATA: dataDir,
    NEO4J_LOCAL_PORT: String(await freePort()),
    PORT: String(await freePort()),
  });

  /** Whether `pid` runs; a zombie does not. */
  function running(pid: number): boolean {
    try {
      return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      // No /proc (macOS), or no such process: ask the kernel.
    }
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }

  /** The launcher's pid, once the script's Neo4j is ready (it writes the record then). */
  function launcherPid(dataDir: string, script: RunningScript): Promise<number> {
    let exited = false;
    void script.exited.then(() => (exited = true));
    return until(
      () => {
        if (exited) throw new Error(`the script ended before its Neo4j was ready:\n${script.output()}`);
        const record = join(dataDir, 'neo4j-local.pid');
        const text = existsSync(record) ? readFileSync(record, 'utf8') : '';
        // Written in one call that a read can catch half done (seen under load); whole, it ends a line.
        return text.endsWith('\n') ? (JSON.parse(text).pid as number) : undefined;
      },
      jvm,
      'the local Neo4j',
    );
  }

  const dataDir = mkdtempSync(join(tmpdir(), 'script-neo4j-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it.each([
    ['an error', undefined, { code: 1, signal: null }],
    ['Ctrl-C', 'SIGINT', { code: 130, signal: null }],
    ['SIGTERM', 'SIGTERM', { code: 143, signal: null }],
    ['SIGKILL', 'SIGKILL', { code: null, signal: 'SIGKILL' }],
  ] as const)(
    'leaves no Neo4j running after %s',
    async (how, signal, exit) => {
      const script = startScript('cypher-load.ts', ['-'], await localEnv(dataDir));
      const pid = await launcherPid(dataDir, script);
      expect(running(pid)).toBe(true);
      const ending = Date.now();
      if (signal) script.child.kill(signal);
      else script.child.stdin.end('THIS IS NOT CYPHER;\n');
      expect(await script.exited, script.output()).toEqual(exit);
      if (!signal) expect(script.output()).toMatch(/cypher:load: .*Invalid input/);
      // Stopped in order before the script exits; after a SIGKILL, once it sees its stdin close.
      if (signal !== 'SIGKILL') expect(running(pid)).toBe(false);
      await until(() => (running(pid) ? undefined : true), 60_000, 'the Neo4j to stop');
      console.log(`${how}: the local Neo4j was gone ${Date.now() - ending} ms after the script was ended`);
    },
    jvm,
  );
});
