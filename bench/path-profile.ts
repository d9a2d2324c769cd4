// npm run bench:path-profile: where the two path operations of bench/compare spend their time, at
// one or more graph sizes (ENTITIES, comma-separated; default 710 and 71,000). For each: the ends'
// degrees, the floor's Cypher and ours (as our API sends it), each with PROFILE's db hits and its
// median time through the driver, and the whole GraphQL request in-process (yoga.fetch, no HTTP).
// Prints a table; writes nothing.
import neo4j, { type ProfiledPlan } from 'neo4j-driver';
import type { OperationBudget } from '../src/db/budget.ts';
import { Database, type Params, type Query, type Row } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { createApp, testOptions } from '../src/yoga.ts';
import { generateCorpus, loadCorpus } from './corpus.ts';
import { withScratchNeo4j } from './scratch-neo4j.ts';
import { suite } from './suite.ts';

/** Remembers the queries the app sends, with their parameters, while `sent` is set. */
class Recording extends Database {
  sent: Array<{ query: Query; params: Params }> | null = null;
  override read(query: Query, params: Params = {}, budget?: OperationBudget): Promise<Row[]> {
    this.sent?.push({ query, params });
    return super.read(query, params, budget);
  }
}

const RUNS = Number(process.env.RUNS ?? 200);

async function medianMs(work: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < RUNS / 4; i++) await work();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)] as number;
}

const integerParams = (params: Params) =>
  Object.fromEntries(
    Object.entries(params).map(([key, value]) => [
      key,
      Number.isInteger(value) ? neo4j.int(value as number) : value,
    ]),
  );

async function dbHits(db: Database, cypher: string, params: Params): Promise<number> {
  const session = db.driver.session({ database: db.database });
  try {
    const result = await session.run(`PROFILE ${cypher}`, integerParams(params));
    let hits = 0;
    const walk = (step: ProfiledPlan): void => {
      hits += step.dbHits;
      for (const child of step.children) walk(child);
    };
    const profile = result.summary.profile;
    if (profile) walk(profile);
    return hits;
  } finally {
    await session.close();
  }
}

const sizes = (process.env.ENTITIES ?? '710,71000').split(',').map(Number);
const lines = [
  '| relationships | operation | floor db hits | floor ms | ours db hits | ours ms | ours GraphQL in-process ms |',
  '|---|---|---|---|---|---|---|',
];
await withScratchNeo4j(async (plain) => {
  const db = new Recording(plain.driver, plain.database, 60);
  await migrate(db);
  for (const entities of sizes) {
    await db.write({ name: 'profile.clear', cypher: 'MATCH (n) DETACH DELETE n' });
    const corpus = generateCorpus(entities);
    await loadCorpus(db, corpus);
    // As bench/compare does: plans made on this graph's statistics, not the last one's.
    await db.write({ name: 'profile.replan', cypher: 'CALL db.prepareForReplanning()' });
    const one = async (cypher: string) => String((await db.read({ name: 'profile.pick', cypher }))[0]?.id);
    const from = await one('MATCH (p:Project) RETURN p.id AS id ORDER BY p.id LIMIT 1');
    const to = await one('MATCH (d:Document) RETURN d.id AS id ORDER BY d.id LIMIT 1');
    const degrees = await db.read(
      {
        name: 'profile.degrees',
        cypher: 'UNWIND [$from, $to] AS id MATCH (n:Entity {id: id}) RETURN id, COUNT { (n)--() } AS degree',
      },
      { from, to },
    );
    console.log(corpus.relations, 'ends', JSON.stringify(degrees));
    const app = createApp(db, { ...testOptions });
    for (const op of suite.filter((o) => o.name.includes('path'))) {
      const variables = { from, to };
      const ask = async () => {
        const response = await app.fetch('http://profile/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: op.ours, variables }),
        });
        return response.text();
      };
      db.sent = [];
      console.log(op.name, (await ask()).slice(0, 300));
      const sent = db.sent;
      db.sent = null;
      const [ours] = sent;
      if (!ours || sent.length !== 1) throw new Error(`${op.name}: ${sent.length} queries`);
      console.log(ours.query.cypher);
      const floor = { name: 'profile.floor', cypher: op.cypher };
      lines.push(
        `| ${corpus.relations} | ${op.name} | ${await dbHits(db, op.cypher, variables)} | ${(await medianMs(() => db.read(floor, variables))).toFixed(2)} | ${await dbHits(db, ours.query.cypher, ours.params)} | ${(await medianMs(() => db.read(ours.query, ours.params))).toFixed(2)} | ${(await medianMs(ask)).toFixed(2)} |`,
      );
      console.log(lines.at(-1));
    }
  }
});
console.log(lines.join('\n'));
