// npm run bench:http-floor: what a GraphQL request costs before it reads anything, over HTTP.
// Four servers answer a request that needs no database, sampled in turn request by request (as
// bench/compare samples latency): a bare node:http endpoint with a fixed answer, a minimal
// graphql-yoga server (one field), and our app as bench/compare runs it, response cache off and on
// (a hit after the first), each asked `{ __typename }`. The differences are what ours/raw and
// cached/raw in `npm run bench` cannot go under: the raw floor is a bare endpoint plus one Neo4j
// read, ours is Yoga and our plugins plus the same read, a cached answer Yoga and the cache alone.
// FLOOR_SECONDS (default 20) of sampling; prints p50s and the costs over the bare endpoint.
import { createServer } from 'node:http';
import { createSchema, createYoga } from 'graphql-yoga';
import { readConfig } from '../src/config.ts';
import { createDriver, Database } from '../src/db/database.ts';
import { listen } from '../src/server.ts';
import { createApp, testOptions } from '../src/yoga.ts';
import { interleaved } from './compare/rounds.ts';
import { percentile, request } from './compare/sample.ts';
import { start, stop } from './compare/servers.ts';

const port = Number(process.env.PORT ?? 0);
const serving = process.env.FLOOR_SERVE;

/** One server of the comparison, in this process (run as a child of the comparison). */
async function serve(kind: string): Promise<void> {
  if (kind === 'bare') {
    const answer = JSON.stringify({ data: { __typename: 'Query' } });
    createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(answer));
    }).listen(port, '127.0.0.1');
  } else if (kind === 'yoga') {
    const schema = createSchema({ typeDefs: 'type Query { hello: String }', resolvers: {} });
    createServer(createYoga({ schema, logging: false })).listen(port, '127.0.0.1');
  } else {
    // No query reaches the database but the cache's version of the graph, answered here: the
    // driver is never asked to connect.
    const driver = createDriver({ neo4jUser: 'neo4j', neo4jPassword: 'x' }, 'bolt://127.0.0.1:1');
    const db = new Database(driver, 'neo4j', 60);
    db.read = async () => [{ sources: [], releases: [], auditEvents: 0 }];
    const responseCache = { ...readConfig({}).responseCache, enabled: kind === 'cached' };
    await listen(createApp(db, { ...testOptions, responseCache }), { port });
  }
  console.log('FLOOR_READY');
}

async function compare(): Promise<void> {
  const kinds = ['bare', 'yoga', 'ours', 'cached'];
  const servers = await Promise.all(
    kinds.map((kind, i) =>
      start('bench/http-floor.ts', 4400 + i, '', '', 'FLOOR_READY', { FLOOR_SERVE: kind }),
    ),
  );
  try {
    const body = { query: '{ __typename }' };
    const work = new Map(
      kinds.map((kind, i) => [kind, () => request(`http://127.0.0.1:${4400 + i}/graphql`, body)]),
    );
    await interleaved(work, 3000);
    const samples = await interleaved(work, Number(process.env.FLOOR_SECONDS ?? 20) * 1000);
    const p50 = new Map(kinds.map((kind) => [kind, percentile(samples.get(kind) ?? [], 0.5)]));
    const bare = p50.get('bare') ?? 0;
    for (const kind of kinds) {
      const ms = p50.get(kind) ?? 0;
      console.log(
        `${kind.padEnd(5)} p50 ${ms.toFixed(3)} ms, over bare ${(ms - bare).toFixed(3)} ms (${samples.get(kind)?.length} samples)`,
      );
    }
  } finally {
    await Promise.all(servers.map(stop));
  }
}

if (serving) await serve(serving);
else await compare();
