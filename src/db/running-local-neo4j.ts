import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createDriver } from './database.ts';
import { localPassword } from './local-password.ts';

/** A local Neo4j that some other process started and keeps running (say, `npm start`). */
export interface RunningLocalNeo4j {
  uri: string;
  user: string;
  password: string;
  pid: number;
}

/** Where a started local Neo4j says which process it is and where it listens. */
interface RunningRecord {
  pid: number;
  uri: string;
}

function recordFile(dataDir: string): string {
  return join(resolve(dataDir), 'neo4j-local.pid');
}

/** Written once the launcher is ready, so it holds the data directory's lock by then. */
export function recordRunning(dataDir: string, record: RunningRecord): void {
  writeFileSync(recordFile(dataDir), `${JSON.stringify(record)}\n`);
}

/** Removes the record if it still names `pid`: a newer one (after a restart) stays. */
export function forgetRunning(dataDir: string, pid: number | undefined): void {
  if (pid !== undefined && readRecord(dataDir)?.pid === pid) rmSync(recordFile(dataDir), { force: true });
}

function readRecord(dataDir: string): RunningRecord | undefined {
  try {
    const record: unknown = JSON.parse(readFileSync(recordFile(dataDir), 'utf8'));
    if (typeof record !== 'object' || record === null) return undefined;
    const { pid, uri } = record as Record<string, unknown>;
    return typeof pid === 'number' && typeof uri === 'string' ? { pid, uri } : undefined;
  } catch {
    // Missing, or caught half-written: either way there is nothing to reuse.
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function answers(uri: string, user: string, password: string): Promise<boolean> {
  const driver = createDriver({ neo4jUser: user, neo4jPassword: password }, uri);
  try {
    await driver.verifyConnectivity();
    return true;
  } catch {
    return false;
  } finally {
    await driver.close();
  }
}

/**
 * The local Neo4j already running on `dataDir`, if its record names a live process and Bolt at the
 * recorded URI accepts the data directory's password (a stale record or a reused pid fails that).
 */
export async function findRunningLocalNeo4j(dataDir: string): Promise<RunningLocalNeo4j | undefined> {
  const record = readRecord(dataDir);
  if (!record || !isAlive(record.pid)) return undefined;
  const user = 'neo4j';
  const { password } = localPassword(dataDir);
  if (!(await answers(record.uri, user, password))) return undefined;
  return { ...record, user, password };
}
