import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { TokenStore } from '../../src/auth/tokens.ts';
import { dataDir } from '../../src/facts/source-files.ts';
import { testDatabase } from '../helpers/database.ts';
import { loadKnowledgeBase } from '../helpers/knowledge-base.ts';

// Two `npm start` processes (src/main.ts) on the test Neo4j, one data directory and the test Redis:
// replicas as they are deployed (docs/guides/deploy-replicas.md), each with its own event loop.
const source = 'cabinet-resolution-2024-07-09-adgmin4';
const dir = join(mkdtempSync(join(tmpdir(), 'replica-processes-')), 'data');
const servers: Array<{ child: ChildProcess; url: string }> = [];
let token: string;

/** Starts src/main.ts on a port of its choosing; resolves with its URL once it says it is ready. */
async function startReplica(tokensFile: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      NEO4J_URI: inject('neo4jUri'),
      NEO4J_PASSWORD: process.env.NEO4J_TEST_PASSWORD ?? inject('neo4jPassword'),
      KB_DATA_DIR: dir,
      TOKENS_FILE: tokensFile,
      PORT: '0',
      RESPONSE_CACHE: 'on',
      RESPONSE_CACHE_REDIS_URL: inject('redisUrl'),
      // A minute: only a change heard through Redis makes a replica read the version again.
      RESPONSE_CACHE_VERSION_MS: '60000',
    },
  });
  let output = '';
  child.stderr.on('data', (chunk) => (output += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const port = /Ready\. Explorer: http:\/\/localhost:(\d+)\//.exec(output)?.[1];
      if (port) resolve(`http://127.0.0.1:${port}`);
    });
    child.once('exit', (code) => reject(new Error(`the replica exited (${code}):\n${output}`)));
  });
  servers.push({ child, url });
}

async function write(replica: number, id: string, name: string, version?: string) {
  const response = await fetch(`${servers[replica]?.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      query: 'mutation($input: UpsertEntityInput!) { upsertEntity(input: $input) { version } }',
      variables: {
        input: { source, id, type: 'Country', section: '5.2', quote: 'ประเทศไทย', props: { name }, version },
      },
    }),
  });
  const body = (await response.json()) as { data?: { upsertEntity: { version: string } }; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return body.data?.upsertEntity.version;
}

/** A GET without a token: what a reader's client sends, answered from the shared cache when it can. */
async function nameOn(replica: number, id: string) {
  const query = encodeURIComponent(`{ entity(id: "${id}") { name } }`);
  const response = await fetch(`${servers[replica]?.url}/graphql?query=${query}`, {
    headers: { 'x-graphql-yoga-csrf': '1' },
  });
  return ((await response.json()) as { data?: { entity?: { name: string } } }).data?.entity?.name;
}

beforeAll(async () => {
  cpSync(dataDir, dir, { recursive: true });
  const db = testDatabase();
  await loadKnowledgeBase(db, dir);
  await db.close();
  const tokensFile = join(dir, '..', 'tokens.json');
  token = new TokenStore(tokensFile).create('curator-p', ['curate']).token;
  await Promise.all([startReplica(tokensFile), startReplica(tokensFile)]);
}, 180_000);
afterAll(async () => {
  for (const { child } of servers) {
    if (child.exitCode !== null) continue;
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
  const db = testDatabase();
  await loadKnowledgeBase(db);
  await db.close();
});

it('a write on one replica process is seen by the next read on the other, 100 times out of 100', async () => {
  const id = 'fx-process-country';
  let version = await write(0, id, 'Process 0');
  const missed: number[] = [];
  for (let round = 1; round <= 100; round += 1) {
    const [writer, reader] = round % 2 ? [0, 1] : [1, 0];
    await nameOn(reader, id); // the old name, in the shared cache under the current version
    version = await write(writer, id, `Process ${round}`, version);
    if ((await nameOn(reader, id)) !== `Process ${round}`) missed.push(round);
  }
  expect(missed).toEqual([]);
}, 300_000);
