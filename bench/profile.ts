// npm run bench:profile: PROFILE, in Neo4j, of the queries our API sends for the benchmark's slow
// cases, before and after the fixes, on a generated graph (ENTITIES, default 710,000: about 1M
// relationships). "Before" is reproduced with the code paths that are still there: typed fields
// reached through relations() take the loader path the planner replaced; the old list query is
// kept below as text. Writes the first part of docs/reports/profiles.md.
import { cpus } from 'node:os';
import neo4j from 'neo4j-driver';
import type { OperationBudget } from '../src/db/budget.ts';
import { Database, type Params, type Query, type Row } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { createApp, testOptions } from '../src/yoga.ts';
import { generateCorpus, loadCorpus } from './corpus.ts';
import { writeQueryProfiles } from './profiles-doc.ts';
import { withScratchNeo4j } from './scratch-neo4j.ts';

/** Remembers the queries the app sends, with their parameters, while `sent` is set. */
class Recording extends Database {
  sent: Array<{ query: Query; params: Params }> | null = null;
  override read(query: Query, params: Params = {}, budget?: OperationBudget): Promise<Row[]> {
    this.sent?.push({ query, params });
    return super.read(query, params, budget);
  }
}

interface Case {
  name: string;
  before: { what: string; graphql?: string; cypher?: string };
  after: { what: string; graphql: string };
}

// The list query as it was: every filter written as `$x IS NULL OR …` (the planner cannot use the
// index on year), and the sort on toLower(name), computed for every project of the year.
const oldListQuery = `
  WITH null AS total
  MATCH (n:Project)
  WHERE NOT n:Source AND ($nameContains IS NULL OR toLower(n.name) CONTAINS $nameContains)
    AND ($kind IS NULL OR n.kind = $kind) AND ($year IS NULL OR n.year = $year)
  WITH total, n, toLower(n.name) AS sortKey
  WHERE $afterKey IS NULL OR sortKey > $afterKey OR (sortKey = $afterKey AND n.id > $afterId)
  RETURN {id: n.id, type: [l IN labels(n) WHERE l <> 'Entity'][0], props: properties(n)} AS entity,
    toString(sortKey) AS cursorKey, total
  ORDER BY sortKey ASC, n.id ASC LIMIT $limit`;

const cases = (topic: string, meeting: string): Case[] => [
  {
    name: 'list: a year of projects by name, first page',
    before: { what: 'the old list query', cypher: oldListQuery },
    after: {
      what: 'filters named only when given, read in (year, nameKey) index order',
      graphql:
        '{ projects(where: { year: 2020 }, orderBy: { field: NAME }, first: 20) { nodes { id name } } }',
    },
  },
  {
    name: 'three levels: topic → projects → recipients',
    before: {
      what: 'DataLoader: one query per level, all properties',
      graphql: `{ entity(id: "${topic}") { relations(types: ["ADDRESSES", "DISCUSSED", "HAS_PILLAR", "SUPPORTED"], direction: IN, first: 100) {
        nodes { node { id relations(types: ["AWARDED_TO"], direction: OUT, first: 100) { nodes { node { id name } } } } } } } }`,
    },
    after: {
      what: 'planned: one query, selected properties only',
      graphql: `{ entity(id: "${topic}") { ... on Topic { addressedBy { id ... on Project { recipients { id name } } } } } }`,
    },
  },
  {
    name: 'two levels: meeting → documents',
    before: {
      what: 'DataLoader: one query per level',
      graphql: `{ entity(id: "${meeting}") { id relations(types: ["PRODUCED"], direction: OUT, first: 100) { nodes { node { id name } } } } }`,
    },
    after: {
      what: 'planned: one query',
      graphql: `{ entity(id: "${meeting}") { id ... on Meeting { outcomes { id name } } } }`,
    },
  },
];

interface Measured {
  queries: number;
  dbHits: number;
  rows: number;
  ms: number;
  plan: string;
}

/** PROFILE of each query sent, summed; the median time of the whole set over 20 runs. */
async function measure(db: Database, sent: Array<{ query: Query; params: Params }>): Promise<Measured> {
  let dbHits = 0;
  let rows = 0;
  const plans: string[] = [];
  const session = db.driver.session({ database: db.database });
  try {
    for (const { query, params } of sent) {
      const result = await session.run(`PROFILE ${query.cypher}`, integerParams(params));
      const profile = result.summary.profile;
      if (!profile) continue;
      const walk = (step: typeof profile, depth: number): void => {
        dbHits += step.dbHits;
        plans.push(
          `${'  '.repeat(depth)}${step.operatorType.replace(/@neo4j$/, '')} (rows ${step.rows}, db hits ${step.dbHits})`,
        );
        for (const child of step.children) walk(child, depth + 1);
      };
      walk(profile, 0);
      rows += result.records.length;
    }
  } finally {
    await session.close();
  }
  const times: number[] = [];
  for (let i = 0; i < 25; i++) {
    const started = performance.now();
    for (const { query, params } of sent) await db.read(query, params);
    if (i >= 5) times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return {
    queries: sent.length,
    dbHits,
    rows,
    ms: times[Math.floor(times.length / 2)] ?? 0,
    plan: plans.join('\n'),
  };
}

/** As Database does: whole numbers go to Cypher as Integers (LIMIT refuses floats). */
const integerParams = (params: Params) =>
  Object.fromEntries(
    Object.entries(params).map(([key, value]) => [
      key,
      Number.isInteger(value) ? neo4j.int(value as number) : value,
    ]),
  );

async function sentBy(db: Recording, graphql: string) {
  const app = createApp(db, { ...testOptions, debugRoundTrips: true });
  const sent: Array<{ query: Query; params: Params }> = [];
  db.sent = sent;
  const response = await app.fetch('http://profile/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: graphql }),
  });
  db.sent = null;
  const body = (await response.json()) as { errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return sent;
}

const entities = Number(process.env.ENTITIES ?? 710_000);
const sections: string[] = [];
let relations = 0;
await withScratchNeo4j(async (plain) => {
  const db = new Recording(plain.driver, plain.database, 60);
  await migrate(db);
  const corpus = generateCorpus(entities);
  relations = corpus.relations;
  await loadCorpus(db, corpus);
  const one = async (cypher: string) => String((await db.read({ name: 'profile.pick', cypher }))[0]?.id);
  const topic = await one(`MATCH (t:Topic) WITH t, COUNT { (t)<-[:ADDRESSES]-() } AS d WHERE d <= 60
    RETURN t.id AS id ORDER BY d DESC, t.id LIMIT 1`);
  const meeting =
    await one(`MATCH (m:Meeting) WITH m, COUNT { (m)-[:ATTENDED|PRODUCED]-() } AS d WHERE d <= 100
    RETURN m.id AS id ORDER BY d DESC, m.id LIMIT 1`);
  for (const item of cases(topic, meeting)) {
    const before = item.before.graphql
      ? await measure(db, await sentBy(db, item.before.graphql))
      : await measure(db, [
          {
            query: { name: 'profile.before', cypher: item.before.cypher ?? '' },
            params: { nameContains: null, kind: null, year: 2020, afterKey: null, afterId: null, limit: 21 },
          },
        ]);
    const after = await measure(db, await sentBy(db, item.after.graphql));
    sections.push(
      `## ${item.name}`,
      '',
      '| | queries | db hits | median ms (all queries) |',
      '|---|---|---|---|',
      `| before: ${item.before.what} | ${before.queries} | ${before.dbHits.toLocaleString('en')} | ${before.ms.toFixed(2)} |`,
      `| after: ${item.after.what} | ${after.queries} | ${after.dbHits.toLocaleString('en')} | ${after.ms.toFixed(2)} |`,
      '',
      '<details><summary>Plans</summary>',
      '',
      '```text',
      'before:',
      before.plan,
      '',
      'after:',
      after.plan,
      '```',
      '',
      '</details>',
      '',
    );
    console.log(item.name, before.dbHits, before.ms.toFixed(2), '→', after.dbHits, after.ms.toFixed(2));
  }
});
const report = [
  '# Profiles: before and after',
  '',
  `Part one, Neo4j's \`PROFILE\` of the queries: written by \`npm run bench:profile\` on ${new Date().toISOString().slice(0, 10)}: ${cpus().length} cores, Node ${process.version}, Neo4j 5.26 (local launcher), a generated graph of ${entities.toLocaleString('en')} entities and ${relations.toLocaleString('en')} relationships (\`bench/corpus.ts\`).`,
  'Each case is what our API sends to Neo4j for one GraphQL operation: db hits from `PROFILE`, time as the median of 20 runs of all its queries in a row, in-process (no HTTP).',
  '',
  ...sections,
].join('\n');
writeQueryProfiles(report);
console.log(report.split('<details>')[0]);
