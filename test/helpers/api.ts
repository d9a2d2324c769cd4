import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { TokenStore } from '../../src/auth/tokens.ts';
import type { Database } from '../../src/db/database.ts';
import { dataDir } from '../../src/facts/source-files.ts';
import { createApp, testOptions } from '../../src/yoga.ts';
import { testDatabase } from './database.ts';
import { loadKnowledgeBase, loadResolution } from './knowledge-base.ts';

/** A GraphQL answer, read loosely: the assertions, not the types, check its shape. */
// biome-ignore lint/suspicious/noExplicitAny: see above
export type Answer = any;

export interface GraphQLResponse {
  status: number;
  /** `{}` when the response has no data. */
  data: Record<string, unknown>;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
  extensions?: Record<string, unknown>;
}

/**
 * The app over the test Neo4j with the resolution loaded alone (its facts are what these tests
 * check, whatever else data/ holds); `gql` posts an operation, `data` posts one that must succeed
 * and gives its data.
 */
export async function apiFixture(options: { introspection?: boolean } = {}) {
  const db = testDatabase();
  await loadResolution(db);
  const app = createApp(db, {
    ...testOptions,
    introspection: options.introspection ?? true,
    debugRoundTrips: true,
  });
  const gql = (query: string, variables?: Record<string, unknown>) => post(app, query, variables);
  const data = async (query: string, variables?: Record<string, unknown>) => {
    const response = await gql(query, variables);
    expect(response.errors).toBeUndefined();
    return response.data as Record<string, Answer>;
  };
  return { db, app, gql, data, close: () => db.close() };
}

/** Posts an operation to `app`, with a bearer token if given. */
async function post(
  app: ReturnType<typeof createApp>,
  query: string,
  variables?: Record<string, unknown>,
  token?: string,
): Promise<GraphQLResponse> {
  const response = await app.fetch('http://test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as Omit<GraphQLResponse, 'status'>;
  return { ...body, status: response.status, data: body.data ?? {} };
}

/**
 * A copy of data/ (under a temporary folder named after `name`) loaded into the test Neo4j, and
 * the app that curates it; `gql` takes a token, `tokens` makes them.
 */
export async function curationFixture(db: Database, name: string, options: { ownLogOnly?: boolean } = {}) {
  const dir = join(mkdtempSync(join(tmpdir(), `${name}-`)), 'data');
  cpSync(dataDir, dir, { recursive: true });
  // For tests that read the log as theirs alone: earlier curations in data/ (more-sources in CI) left out.
  if (options.ownLogOnly) rmSync(join(dir, 'audit.jsonl'), { force: true });
  await loadKnowledgeBase(db, dir);
  const tokens = new TokenStore(join(dir, '..', 'tokens.json'));
  const app = createApp(db, {
    ...testOptions,
    dataDir: dir,
    tokensFile: tokens.file,
    // Beside the tokens, as a deployment keeps them: the delivery log is written next to it.
    webhooksFile: join(dir, '..', 'webhooks.json'),
  });
  const gql = (query: string, variables: Record<string, unknown> = {}, token?: string) =>
    post(app, query, variables, token);
  return { dir, app, tokens, gql };
}
