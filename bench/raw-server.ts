// The floor over HTTP: a bare node:http endpoint that runs an operation's hand-written Cypher through
// the same driver wrapper and returns the rows as JSON. POST {"op": name, "variables": {...}}.
// What it costs beyond raw Cypher in-process is the transport every HTTP API pays.
import { createServer } from 'node:http';
import { createDriver, Database } from '../src/db/database.ts';
import { suite } from './suite.ts';

const db = new Database(
  createDriver(
    { neo4jUser: 'neo4j', neo4jPassword: process.env.NEO4J_PASSWORD ?? '' },
    process.env.NEO4J_URI ?? '',
  ),
  'neo4j',
  60,
);
const operations = new Map(suite.map((op) => [op.name, op]));

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', async () => {
    try {
      const { op, variables } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const operation = operations.get(op);
      if (!operation) throw new Error(`Unknown operation ${op}`);
      const rows = await db.read({ name: `raw.${op}`, cypher: operation.cypher }, variables);
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ rows }));
    } catch (error) {
      response
        .writeHead(400, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: String(error) }));
    }
  });
});
server.listen(Number(process.env.PORT ?? 4300), '127.0.0.1', () => console.log('RAW_READY'));
process.on('SIGTERM', () => server.close(() => db.close().then(() => process.exit(0))));
