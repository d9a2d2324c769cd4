// Our endpoint for the benchmark: the product's app over NEO4J_URI, with round-trip counting.
import { createDriver, Database } from '../src/db/database.ts';
import { listen } from '../src/server.ts';
import { createApp } from '../src/yoga.ts';

const db = new Database(
  createDriver(
    { neo4jUser: 'neo4j', neo4jPassword: process.env.NEO4J_PASSWORD ?? '' },
    process.env.NEO4J_URI ?? '',
  ),
  'neo4j',
  60,
);
const server = await listen(createApp(db, { graphiql: false, introspection: true, debugRoundTrips: true }), {
  port: Number(process.env.PORT ?? 4200),
});
console.log('OURS_READY');
process.on('SIGTERM', () => server.close(() => db.close().then(() => process.exit(0))));
