import { createApp } from '../../src/yoga.ts';
import { testDatabase } from './database.ts';
import { loadResolution } from './knowledge-base.ts';

export interface GraphQLResponse {
  status: number;
  /** `{}` when the response has no data. */
  data: Record<string, unknown>;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
  extensions?: Record<string, unknown>;
}

/**
 * The app over the test Neo4j with the resolution loaded alone (its facts are what these tests
 * check, whatever else data/ holds); `gql` posts an operation.
 */
export async function apiFixture(options: { introspection?: boolean } = {}) {
  const db = testDatabase();
  await loadResolution(db);
  const app = createApp(db, {
    graphiql: false,
    introspection: options.introspection ?? true,
    debugRoundTrips: true,
  });
  async function gql(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse> {
    const response = await app.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as Omit<GraphQLResponse, 'status'>;
    return { ...body, status: response.status, data: body.data ?? {} };
  }
  return { db, app, gql, close: () => db.close() };
}
