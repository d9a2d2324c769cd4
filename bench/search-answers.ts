// npm run bench:search-answers -- <checkout>: the proof that a speed change kept search's answers.
// This checkout's app and another checkout's, over one scratch Neo4j that this checkout's migrations
// and loader fill with the knowledge base and the soak's corpus (~10k relationships), answer the
// 1,239 searches of bench/search-soak.ts in two shapes: the soak's, and one that asks every field of
// citations and relations. Each app answers each search twice: a search whose two answers differ
// within one app is unstable (ties the code breaks by timing) and is counted apart, not as changed.
// Prints how many answers are the same byte for byte, and the same with the keys of every object
// in one order (the executor writes an object's keys as its fields resolve, so their order may
// differ where the values do not).
import { join, resolve } from 'node:path';
import type { Database } from '../src/db/database.ts';
import { loaderOf } from './checkout.ts';
import { withScratchNeo4j } from './scratch-neo4j.ts';
import { searchTerms, query as soakQuery } from './search-soak-terms.ts';

const other = resolve(process.argv[2] ?? '.');

/** Every field of citations and relations, their sources and pages too. */
const fullQuery = `query Full($query: String!) {
  search(query: $query, first: 10) {
    score matched partial
    entity {
      id name
      citations { quote section start end page source { id } }
      relations(first: 5) {
        totalCount pageInfo { hasNextPage endCursor }
        edges { cursor node { id type direction from to properties conflicts shown
          node { id name description } provenance { quote section start end } } }
      }
    }
  }
}`;

type App = { fetch: (url: string, init: RequestInit) => Promise<Response> | Response };

/** A checkout's app over the database at `uri`, with its own driver and Database. */
async function appOf(dir: string, uri: string, password: string): Promise<{ app: App; db: Database }> {
  const from = (path: string) => import(join(dir, path));
  const [{ createApp }, { Database: OwnDatabase, createDriver }] = await Promise.all([
    from('src/yoga.ts'),
    from('src/db/database.ts'),
  ]);
  const driver = createDriver({ neo4jUser: 'neo4j', neo4jPassword: password }, uri);
  const db = new OwnDatabase(driver, 'neo4j', 60);
  return {
    app: createApp(db, { graphiql: false, introspection: false, responseCache: { enabled: false } }),
    db,
  };
}

async function fill(db: Database) {
  const [{ migrate }, { loadAllSources }, corpus] = await Promise.all([
    import('../src/db/migrate.ts'),
    import(resolve(loaderOf('.'))),
    import('./corpus.ts'),
  ]);
  await migrate(db);
  await loadAllSources(db, 'data');
  await corpus.loadCorpus(db, corpus.generateCorpus(7_100));
}

async function ask(app: App, query: string, term: string): Promise<string> {
  const body = JSON.stringify({ query, variables: { query: term } });
  const response = await app.fetch('http://bench/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  return response.text();
}

/** The answer with every object's keys sorted. */
const keysInOrder = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(keysInOrder)
    : value && typeof value === 'object'
      ? Object.fromEntries(
          Object.entries(value)
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([key, inner]) => [key, keysInOrder(inner)]),
        )
      : value;
const sameValues = (a: string, b: string) =>
  JSON.stringify(keysInOrder(JSON.parse(a))) === JSON.stringify(keysInOrder(JSON.parse(b)));

async function compare(apps: [App, App], name: string, query: string, terms: string[]) {
  const count = { bytes: 0, values: 0, unstable: 0, changed: [] as string[] };
  for (const term of terms) {
    const [ours, ours2, theirs, theirs2] = [
      await ask(apps[0], query, term),
      await ask(apps[0], query, term),
      await ask(apps[1], query, term),
      await ask(apps[1], query, term),
    ];
    if (ours.includes('"errors"') || theirs.includes('"errors"')) throw new Error(`${term}: ${ours}`);
    if (!sameValues(ours, ours2) || !sameValues(theirs, theirs2)) count.unstable++;
    else if (sameValues(ours, theirs)) count.values++;
    else count.changed.push(term);
    if (ours === theirs) count.bytes++;
  }
  console.log(
    `${name}: of ${terms.length} searches, ${count.bytes} answered the same byte for byte, ` +
      `${count.values} with the same values (keys in one order), ${count.unstable} unstable within one app, ` +
      `${count.changed.length} changed${count.changed.length ? `: ${count.changed.slice(0, 10).join(' | ')}` : ''}`,
  );
}

await withScratchNeo4j(async (db, uri, password) => {
  await fill(db);
  const both = [await appOf(resolve('.'), uri, password), await appOf(other, uri, password)];
  const apps = both.map((one) => one.app) as [App, App];
  const terms = searchTerms();
  console.log(`this checkout against ${other}, one database`);
  try {
    await compare(apps, "the soak's shape", soakQuery, terms);
    await compare(apps, 'every field of citations and relations', fullQuery, terms);
  } finally {
    await Promise.all(both.map((one) => one.db.close()));
  }
});
