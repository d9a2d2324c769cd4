import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDriver, Database } from '../../src/db/database.ts';
import { type LocalNeo4j, startLocalNeo4j } from '../../src/db/local-neo4j.ts';
import { type App, createApp, testOptions } from '../../src/yoga.ts';
import { freePort } from '../helpers/free-port.ts';
import { neo4jStartMs } from '../helpers/timeouts.ts';

// This file runs its own Neo4j, because it stops and restarts it.
const dataDir = mkdtempSync(join(tmpdir(), 'policy-graph-resilience-'));
let port: number;
let neo4j: LocalNeo4j | undefined;
let db: Database;
let app: App;

const options = () => ({ dataDir, port, heap: '512m', pageCache: '64m' });

async function graphql(query: string) {
  const response = await app.fetch('http://test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, body: await response.json() };
}

beforeAll(async () => {
  port = await freePort();
  neo4j = await startLocalNeo4j(options());
  const credentials = { neo4jUser: neo4j.user, neo4jPassword: neo4j.password };
  db = new Database(createDriver(credentials, neo4j.uri), 'neo4j', 10);
  app = createApp(db, {
    ...testOptions,
    queryTimeoutSeconds: frozenTimeoutSeconds,
  });
});

/** A short budget, so a frozen database is noticed quickly. */
const frozenTimeoutSeconds = 4;

afterAll(async () => {
  await db?.close();
  await neo4j?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the local Neo4j launcher', () => {
  it('refuses a data directory another Neo4j is using, and says so plainly', async () => {
    await expect(startLocalNeo4j({ ...options(), port: await freePort() })).rejects.toThrow(
      `Local Neo4j did not start: data directory ${dataDir} is already in use by another Neo4j process`,
    );
  });

  it('refuses a port that is taken', async () => {
    const otherDir = mkdtempSync(join(tmpdir(), 'policy-graph-port-'));
    try {
      await expect(startLocalNeo4j({ ...options(), dataDir: otherDir })).rejects.toThrow(
        `port ${port} on 127.0.0.1 is already in use`,
      );
    } finally {
      rmSync(otherDir, { recursive: true, force: true });
    }
  });
});

describe('when the database freezes (SIGSTOP) and thaws', () => {
  it('answers within the timeout, /ready says 503 within 2 s, and recovers on SIGCONT', async () => {
    expect((await graphql('{ entityCounts { type count } }')).body.errors).toBeUndefined();
    const pid = neo4j?.pid as number;
    process.kill(pid, 'SIGSTOP');
    try {
      const started = performance.now();
      const [query, ready] = await Promise.all([
        graphql('{ entityCounts { type count } }').then((answer) => ({
          ...answer,
          ms: performance.now() - started,
        })),
        (async () => {
          const answer = await app.fetch('http://test/ready');
          return { status: answer.status, ms: performance.now() - started };
        })(),
      ]);
      expect(ready.status).toBe(503);
      expect(ready.ms).toBeLessThan(2_500);
      expect(query.body.errors?.[0]?.extensions?.code).toBe('DATABASE_UNAVAILABLE');
      expect(query.ms).toBeLessThan(frozenTimeoutSeconds * 1000 + 1_000);
      expect((await app.fetch('http://test/health')).status).toBe(200);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    await expect
      .poll(async () => (await app.fetch('http://test/ready')).status, { timeout: 20_000 })
      .toBe(200);
    expect((await graphql('{ entityCounts { type count } }')).body.errors).toBeUndefined();
  });
});

describe('when the database goes away and comes back', () => {
  it(
    '/ready follows Neo4j, queries fail with DATABASE_UNAVAILABLE, and the service recovers',
    async () => {
      expect((await app.fetch('http://test/ready')).status).toBe(200);
      expect((await graphql('{ entityCounts { type count } }')).body.errors).toBeUndefined();

      await neo4j?.stop();
      const ready = await app.fetch('http://test/ready');
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'unavailable', reason: 'Neo4j does not answer' });
      expect((await app.fetch('http://test/health')).status).toBe(200);

      const down = await graphql('{ entityCounts { type count } }');
      // 503 with Retry-After, as SERVER_BUSY: the circuit breaker (src/db/breaker.ts) is open by now.
      expect(down.status).toBe(503);
      expect(down.body.errors).toEqual([
        // Refused connections are retried for a while, so either message may come first.
        expect.objectContaining({
          message: expect.stringMatching(
            /^The database (is unavailable|did not answer within 4 s)\. Try again shortly\.$/,
          ),
          extensions: { code: 'DATABASE_UNAVAILABLE' },
        }),
      ]);

      neo4j = await startLocalNeo4j(options());
      expect((await app.fetch('http://test/ready')).status).toBe(200);
      const back = await graphql('{ entityCounts { type count } }');
      expect(back.body).toEqual({ data: { entityCounts: [] } });
    },
    neo4jStartMs,
  ); // it starts Neo4j again
});
