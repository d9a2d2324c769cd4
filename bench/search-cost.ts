// npm run bench:search-cost [-- <checkout>…]: what one nested search costs, one request at a time.
// This checkout's app and the others', over one scratch Neo4j that this checkout's migrations and
// loader fill with the knowledge base and the soak's corpus, answer the soak's 1,239 searches
// (bench/search-soak-terms.ts) in turns, ROUNDS times (3), each app in every round. Per request:
// the wall time, the server's CPU (this process), Neo4j's CPU (its process tree, from /proc) and
// each named query's wall time. Under load the two CPUs share two cores: their sum bounds the
// requests a second (bench/search-soak.ts measures that).
import { join, resolve } from 'node:path';
import type { Database } from '../src/db/database.ts';
import { timeQueries } from './asof-profile.ts';
import { loaderOf } from './checkout.ts';
import { treeCpuMs } from './proc-cpu.ts';
import { withScratchNeo4j } from './scratch-neo4j.ts';
import { query, searchTerms } from './search-soak-terms.ts';

const checkouts = ['.', ...process.argv.slice(2)].map((dir) => resolve(dir));
const rounds = Number(process.env.ROUNDS ?? 3);

type App = { fetch: (url: string, init: RequestInit) => Promise<Response> | Response };

async function appOf(dir: string, db: Database): Promise<App> {
  const { createApp } = await import(join(dir, 'src/yoga.ts'));
  return createApp(db, { graphiql: false, introspection: false, responseCache: { enabled: false } });
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

const ask = async (app: App, term: string) => {
  const body = JSON.stringify({ query, variables: { query: term } });
  const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body };
  return (await app.fetch('http://bench/graphql', init)).text();
};

await withScratchNeo4j(async (db, _uri, _password, neo4j) => {
  await fill(db);
  const queries = timeQueries(db);
  const apps = await Promise.all(checkouts.map((dir) => appOf(dir, db)));
  const terms = searchTerms();
  for (const app of apps) for (const term of terms) await ask(app, term);
  console.log('| checkout | round | wall ms | server CPU ms | Neo4j CPU ms | named queries, ms |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (let round = 0; round < rounds; round++) {
    for (const [index, app] of apps.entries()) {
      queries.take();
      const [cpu, neo, started] = [process.cpuUsage(), treeCpuMs(neo4j.pid), performance.now()];
      for (const term of terms) await ask(app, term);
      const wall = (performance.now() - started) / terms.length;
      const server = (({ user, system }) => (user + system) / 1000 / terms.length)(process.cpuUsage(cpu));
      const database = (treeCpuMs(neo4j.pid) - neo) / terms.length;
      const named = [...queries.take()]
        .sort((a, b) => b[1] - a[1])
        .map(([name, ms]) => `${name} ${(ms / terms.length).toFixed(2)}`)
        .join(', ');
      const cells = [wall, server, database].map((ms) => ms.toFixed(2)).join(' | ');
      console.log(`| ${checkouts[index]} | ${round + 1} | ${cells} | ${named} |`);
    }
  }
  // A port of its own: bench:search-answers may run beside it (both hold one slot of the lock).
}, 7698);
