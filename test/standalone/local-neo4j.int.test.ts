import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withDatabase } from '../../scripts/with-database.ts';
import { readConfig } from '../../src/config.ts';
import { createDriver, Database } from '../../src/db/database.ts';
import { DataDirInUseError, type LocalNeo4j, startLocalNeo4j } from '../../src/db/local-neo4j.ts';
import { findRunningLocalNeo4j } from '../../src/db/running-local-neo4j.ts';
import { freePort } from '../helpers/free-port.ts';
import { neo4jStartMs } from '../helpers/timeouts.ts';

// This file runs its own Neo4j: it reads the launcher's output and kills the process.
const dataDir = mkdtempSync(join(tmpdir(), 'policy-graph-local-'));
const appPort = 4321;
const output: string[] = [];
const events: string[] = [];
let port: number;
let neo4j: LocalNeo4j;
let db: Database;

beforeAll(async () => {
  port = await freePort();
  neo4j = await startLocalNeo4j({
    dataDir,
    port,
    appPort,
    heap: '512m',
    pageCache: '64m',
    restart: true,
    onLine: (line) => output.push(line),
    onEvent: (message) => events.push(message),
  });
  db = new Database(
    createDriver({ neo4jUser: neo4j.user, neo4jPassword: neo4j.password }, neo4j.uri),
    'neo4j',
    10,
  );
});

afterAll(async () => {
  await db?.close();
  await neo4j?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const ping = { name: 'test.ping', cypher: 'RETURN 1 AS one' };

/** Sends a WebSocket upgrade to the Bolt port and returns the status line of the answer. */
function upgrade(origin: string | undefined): Promise<string> {
  return new Promise((resolveLine, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      if (received.includes('\r\n')) {
        resolveLine(received.split('\r\n')[0] ?? '');
        socket.destroy();
      }
    });
    socket.on('close', () => resolveLine(received || '(closed)'));
    socket.on('error', reject);
    socket.write(
      [
        'GET / HTTP/1.1',
        `Host: 127.0.0.1:${port}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
        'Sec-WebSocket-Version: 13',
        ...(origin ? [`Origin: ${origin}`] : []),
        '',
        '',
      ].join('\r\n'),
    );
  });
}

describe('the local Neo4j is locked down', () => {
  it('keeps a generated password in the data directory, mode 0600, and never prints it', () => {
    expect(neo4j.passwordFile).toBe(join(dataDir, 'password'));
    expect(statSync(neo4j.passwordFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(neo4j.passwordFile, 'utf8').trim()).toBe(neo4j.password);
    expect(neo4j.password).toMatch(/^[\w-]{32}$/);
    expect(output.some((line) => line.startsWith('NEO4J_LOCAL_READY'))).toBe(true);
    expect(output.join('\n')).not.toContain(neo4j.password);
    expect(readFileSync(join(dataDir, 'logs', 'debug.log'), 'utf8')).not.toContain(neo4j.password);
  });

  it('accepts its password and refuses a wrong one', async () => {
    expect(await db.read(ping)).toEqual([{ one: 1 }]);
    const wrong = createDriver({ neo4jUser: 'neo4j', neo4jPassword: 'not-the-password' }, neo4j.uri);
    try {
      await expect(wrong.verifyConnectivity()).rejects.toMatchObject({
        code: 'Neo.ClientError.Security.Unauthorized',
      });
    } finally {
      await wrong.close();
    }
  });

  it('refuses LOAD CSV from file URLs', async () => {
    await expect(
      db.read({ name: 'test.loadCsv', cypher: "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line" }),
    ).rejects.toThrow(/allow_csv_import_from_file_urls' is false/);
  });

  it("refuses WebSocket upgrades to Bolt unless they come from the app's own origin", async () => {
    expect(await upgrade('http://evil.example')).toBe('HTTP/1.1 403 Forbidden');
    expect(await upgrade('http://localhost:4000')).toBe('HTTP/1.1 403 Forbidden');
    expect(await upgrade(undefined)).toBe('HTTP/1.1 403 Forbidden');
    expect(await upgrade(`http://localhost:${appPort}`)).toBe('HTTP/1.1 101 Switching Protocols');
    expect(await upgrade(`http://127.0.0.1:${appPort}`)).toBe('HTTP/1.1 101 Switching Protocols');
    // Plain Bolt still works after all that.
    expect(await db.read(ping)).toEqual([{ one: 1 }]);
  });
});

describe('scripts use the Neo4j that is already running', () => {
  it('is found by its data directory, and withDatabase queries it and leaves it running', async () => {
    const pid = neo4j.pid;
    expect(await findRunningLocalNeo4j(dataDir)).toEqual({
      uri: neo4j.uri,
      user: 'neo4j',
      password: neo4j.password,
      pid,
    });
    // Another port in the config: only the running one's record can lead withDatabase to it.
    const config = readConfig({ NEO4J_LOCAL_DATA: dataDir, NEO4J_LOCAL_PORT: String(await freePort()) });
    let rows: unknown;
    await withDatabase(async (scriptDb) => {
      rows = await scriptDb.read(ping);
    }, config);
    expect(rows).toEqual([{ one: 1 }]);
    expect(neo4j.pid).toBe(pid);
    expect(await db.read(ping)).toEqual([{ one: 1 }]);
  });

  it('stops a second launcher on the same data directory with DataDirInUseError', async () => {
    const second = startLocalNeo4j({ dataDir, port: await freePort(), heap: '256m', pageCache: '16m' });
    await expect(second).rejects.toBeInstanceOf(DataDirInUseError);
    await expect(second).rejects.toThrow(/data directory .* is already in use/);
    expect((await findRunningLocalNeo4j(dataDir))?.pid).toBe(neo4j.pid);
  });
});

describe('under supervision', () => {
  it(
    'restarts a Neo4j that was killed, and queries work again',
    async () => {
      const pid = neo4j.pid as number;
      expect(pid).toBeGreaterThan(0);
      const killed = performance.now();
      process.kill(pid, 'SIGKILL');

      let answered = false;
      while (!answered && performance.now() - killed < neo4jStartMs - 10_000) {
        answered = await db.read(ping).then(
          () => true,
          () => new Promise<boolean>((resolveWait) => setTimeout(() => resolveWait(false), 200)),
        );
      }
      const seconds = ((performance.now() - killed) / 1000).toFixed(1);
      console.log(
        `Queries answered again ${seconds} s after SIGKILL; supervisor said:\n  ${events.join('\n  ')}`,
      );
      expect(answered).toBe(true);
      expect(neo4j.restarts).toBe(1);
      expect(neo4j.pid).not.toBe(pid);
      expect(events[0]).toMatch(
        /^Local Neo4j stopped unexpectedly \(killed by SIGKILL\) after \d+ s up; restarting it in 1 s\.$/,
      );
      expect(events[1]).toMatch(/^Local Neo4j is back at bolt:\/\/127\.0\.0\.1:\d+ \(ready in \d+ ms\)\.$/);
      expect(output.join('\n')).not.toContain(neo4j.password);
      expect((await findRunningLocalNeo4j(dataDir))?.pid).toBe(neo4j.pid);
    },
    neo4jStartMs,
  ); // the supervisor starts Neo4j again

  it('does not restart a Neo4j it was asked to stop', async () => {
    await neo4j.stop();
    await new Promise((resolveWait) => setTimeout(resolveWait, 1_500));
    expect(neo4j.pid).toBeUndefined();
    expect(neo4j.restarts).toBe(1);
    expect(events).toHaveLength(2);
    expect(await findRunningLocalNeo4j(dataDir)).toBeUndefined();
    expect(existsSync(join(dataDir, 'neo4j-local.pid'))).toBe(false);
  });
});
