// npm run bench:ab -- <checkout>: the examples of schema/examples/ through this checkout's app and
// another's, in-process, alternating A and B request by request so both see the same machine. Each
// app reads its own scratch Neo4j, loaded by its own checkout's loader, so a change in how facts are
// stored counts too. Prints p50 per example and the ratio B/A.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Database } from '../src/db/database.ts';
import { loaderOf } from './checkout.ts';
import { withScratchNeo4j } from './scratch-neo4j.ts';

const other = resolve(process.argv[2] ?? '.');
const runs = Number(process.env.RUNS ?? 200);
const dir = 'schema/examples';

type Fetcher = { fetch: (url: string, init: RequestInit) => Promise<Response> | Response };

/** The checkout's app over `db`, which its own migrations and loader fill with the knowledge base. */
async function appOf(checkout: string, db: Database): Promise<Fetcher> {
  const { createApp } = (await import(join(checkout, 'src/yoga.ts'))) as {
    createApp: (db: unknown, config: object) => Fetcher;
  };
  const { migrate } = await import(join(checkout, 'src/db/migrate.ts'));
  const { loadAllSources } = await import(loaderOf(checkout));
  await migrate(db);
  await loadAllSources(db, join(checkout, 'data'));
  // Spelled out, not src/yoga.ts's testOptions: the checkout may predate them.
  return createApp(db, { graphiql: false, introspection: true, debugRoundTrips: false });
}

async function timed(app: Fetcher, query: string): Promise<number> {
  const started = performance.now();
  const response = await app.fetch('http://bench/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 300));
  return performance.now() - started;
}

const p50 = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

await withScratchNeo4j(async (dbA) => {
  await withScratchNeo4j(
    async (dbB) => compare(await appOf(other, dbA), await appOf(resolve('.'), dbB)),
    7698,
  );
});

async function compare(a: Fetcher, b: Fetcher) {
  console.log(`| example | A p50 ms (${other}) | B p50 ms (this checkout) | B/A |`);
  console.log('| --- | --- | --- | --- |');
  const ratios: number[] = [];
  for (const file of readdirSync(dir)
    .filter((name) => name.endsWith('.graphql'))
    .sort()) {
    const query = readFileSync(join(dir, file), 'utf8');
    for (let i = 0; i < 10; i++) await Promise.all([timed(a, query), timed(b, query)]);
    const [sa, sb]: [number[], number[]] = [[], []];
    for (let i = 0; i < runs; i++) {
      const [first, second] = i % 2 ? [b, a] : [a, b];
      const t1 = await timed(first, query);
      const t2 = await timed(second, query);
      (first === a ? sa : sb).push(t1);
      (second === a ? sa : sb).push(t2);
    }
    ratios.push(p50(sb) / p50(sa));
    console.log(
      `| ${file} | ${p50(sa).toFixed(2)} | ${p50(sb).toFixed(2)} | ${(p50(sb) / p50(sa)).toFixed(2)} |`,
    );
  }
  const geo = Math.exp(ratios.reduce((sum, r) => sum + Math.log(r), 0) / ratios.length);
  console.log(
    `\nGeometric mean of B/A over ${ratios.length} examples: ${geo.toFixed(3)}; worst ${Math.max(...ratios).toFixed(2)}`,
  );
}
