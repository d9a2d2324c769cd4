// Our endpoint for the benchmark: the product's app over NEO4J_URI, with round-trip counting;
// RESPONSE_CACHE=on turns its response cache on.
import { readConfig } from '../src/config.ts';
import { createDriver, Database } from '../src/db/database.ts';
import { listen } from '../src/server.ts';
import { createApp, testOptions } from '../src/yoga.ts';

const db = new Database(
  createDriver(
    { neo4jUser: 'neo4j', neo4jPassword: process.env.NEO4J_PASSWORD ?? '' },
    process.env.NEO4J_URI ?? '',
  ),
  'neo4j',
  60,
);
// RESPONSE_CACHE=on: the same server with the product's response cache, as `npm start` has it.
const responseCache = { ...readConfig().responseCache, enabled: process.env.RESPONSE_CACHE === 'on' };
const app = createApp(db, { ...testOptions, debugRoundTrips: true, responseCache });
const server = await listen(app, {
  port: Number(process.env.PORT ?? 4200),
});
console.log('OURS_READY');
process.on('SIGTERM', () => server.close(() => db.close().then(() => process.exit(0))));
