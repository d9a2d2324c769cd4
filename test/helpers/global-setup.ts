import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startLocalNeo4j } from '../../src/db/local-neo4j.ts';
import { freePort } from './free-port.ts';
import { startLocalRedis } from './local-redis.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    neo4jUri: string;
    /** Password of the test Neo4j (the local one's is generated in its data directory). */
    neo4jPassword: string;
    /** A Redis for replicas to share (a throwaway `redis-server`, or REDIS_TEST_URL). */
    redisUrl: string;
  }
}

/**
 * One throwaway Neo4j for the whole run (temporary directory, free port), unless
 * NEO4J_TEST_URI names a server to use. Torn down even when tests fail.
 *
 * The integration and e2e projects both name this setup, and Vitest runs it for each project
 * that has files in the run (never for `unit` or `cypher`). The first provides the server to the root
 * project, whose context every project inherits; the second finds it there and starts nothing.
 */
export default async function setup(project: TestProject) {
  const { vitest } = project;
  if (vitest.getRootProject().getProvidedContext().neo4jUri) return;
  const given = process.env.NEO4J_TEST_URI;
  const redisDir = mkdtempSync(join(tmpdir(), 'policy-graph-redis-'));
  const redis = process.env.REDIS_TEST_URL
    ? { url: process.env.REDIS_TEST_URL, stop: async () => {} }
    : await startLocalRedis(redisDir, await freePort());
  vitest.provide('redisUrl', redis.url);
  const stopRedis = async () => {
    await redis.stop();
    rmSync(redisDir, { recursive: true, force: true });
  };
  if (given) {
    vitest.provide('neo4jUri', given);
    vitest.provide('neo4jPassword', process.env.NEO4J_TEST_PASSWORD ?? 'password');
    return stopRedis;
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'policy-graph-test-'));
  const started = performance.now();
  const neo4j = await startLocalNeo4j({ dataDir, port: await freePort(), heap: '1g', pageCache: '256m' });
  console.log(`Test Neo4j at ${neo4j.uri}, ready in ${Math.round(performance.now() - started)} ms`);
  vitest.provide('neo4jUri', neo4j.uri);
  vitest.provide('neo4jPassword', neo4j.password);
  return async () => {
    await neo4j.stop();
    rmSync(dataDir, { recursive: true, force: true });
    await stopRedis();
  };
}
