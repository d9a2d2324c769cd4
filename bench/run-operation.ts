import type { App } from '../src/yoga.ts';

/** Runs one GraphQL operation in-process; returns its time and round trips, and throws on errors. */
export async function runOperation(
  app: App,
  name: string,
  query: string,
): Promise<{ ms: number; roundTrips: number }> {
  const started = performance.now();
  const response = await app.fetch('http://bench/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { errors?: unknown; extensions?: { roundTrips?: number } };
  if (body.errors) throw new Error(`${name}: ${JSON.stringify(body.errors)}`);
  return { ms: performance.now() - started, roundTrips: body.extensions?.roundTrips ?? 0 };
}
