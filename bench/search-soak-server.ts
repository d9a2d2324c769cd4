// The server of bench/search-soak.ts: a checkout's app (argv[2], this one by default) over NEO4J_URI,
// which it first fills with its own migrations, its knowledge base and the generated corpus
// (CORPUS_ENTITIES), then listens on PORT as deployed (the checkout's src/server.ts, response cache
// off). PROFILE_FILE=<path>: from SIGUSR2 on, the server profiles its CPU (node:inspector) and sums
// the time of each named query; as it stops (SIGTERM) it writes the profile there and prints the sums.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Database } from '../src/db/database.ts';
import { timeQueries } from './asof-profile.ts';
import { loaderOf } from './checkout.ts';

const checkout = resolve(process.argv[2] ?? '.');
const entities = Number(process.env.CORPUS_ENTITIES ?? 7_100);

interface Loaded {
  createDriver: (credentials: object, uri: string) => unknown;
  Database: new (driver: unknown, database: string, timeoutSeconds: number) => Database;
  createApp: (db: unknown, config: object) => unknown;
  listen: (app: unknown, options: { port: number }) => Promise<import('node:http').Server>;
  migrate: (db: unknown) => Promise<unknown>;
  loadAllSources: (db: unknown, dir: string) => Promise<unknown>;
  generateCorpus: (count: number) => { relations: number };
  loadCorpus: (db: unknown, corpus: unknown) => Promise<{ ms: number }>;
}

/** The checkout's own modules: a change in how facts are stored or searched counts too. */
async function modulesOf(dir: string): Promise<Loaded> {
  const from = (path: string) => import(join(dir, path));
  const [database, yoga, server, migrations, loader, corpus] = await Promise.all([
    from('src/db/database.ts'),
    from('src/yoga.ts'),
    from('src/server.ts'),
    from('src/db/migrate.ts'),
    import(loaderOf(dir)),
    from('bench/corpus.ts'),
  ]);
  return { ...database, ...yoga, ...server, ...migrations, ...loader, ...corpus } as Loaded;
}

const kb = await modulesOf(checkout);
// The checkout's own Database: what its stores ask of it has changed over time.
const db = new kb.Database(
  kb.createDriver(
    { neo4jUser: 'neo4j', neo4jPassword: process.env.NEO4J_PASSWORD ?? '' },
    process.env.NEO4J_URI ?? '',
  ),
  'neo4j',
  60,
);
const profileFile = process.env.PROFILE_FILE;
const queries = profileFile ? timeQueries(db) : undefined;
await kb.migrate(db);
await kb.loadAllSources(db, join(checkout, 'data'));
const corpus = kb.generateCorpus(entities);
const load = await kb.loadCorpus(db, corpus);
console.error(`${checkout}: ${corpus.relations} relationships loaded in ${(load.ms / 1000).toFixed(1)} s`);
queries?.take();
// As deployed (productionOptions), spelled out because the checkout may predate them; no response
// cache, so every search is computed; tokens and webhooks in a scratch folder, not the checkout's.
const scratch = mkdtempSync(join(tmpdir(), 'search-soak-'));
const app = kb.createApp(db, {
  graphiql: false,
  introspection: false,
  debugRoundTrips: false,
  responseCache: { enabled: false },
  tokensFile: join(scratch, 'tokens.json'),
  webhooksFile: join(scratch, 'webhooks.json'),
});
const server = await kb.listen(app, { port: Number(process.env.PORT ?? 4270) });
const session = new Session();
if (profileFile)
  process.on('SIGUSR2', async () => {
    queries?.take();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  });
console.log('SOAK_READY');
process.on('SIGTERM', () =>
  server.close(async () => {
    if (profileFile && queries) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(profileFile, JSON.stringify(profile));
      console.log(`QUERY_TIMES ${JSON.stringify(Object.fromEntries(queries.take()))}`);
    }
    await db.close();
    process.exit(0);
  }),
);
