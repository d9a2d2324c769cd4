// npm run bench:analytics: latency of each analytic on the knowledge base and on a generated graph
// of about 100,000 relationships (cold = first call, projection included; warm = median of 5).
// Writes docs/reports/analytics-latency.md.
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import type { Database } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { dataDir } from '../src/facts/source-files.ts';
import { loadAllSources } from '../src/loader/load-all.ts';
import { createApp, testOptions } from '../src/yoga.ts';
import { generateCorpus, loadCorpus } from './corpus.ts';
import { runOperation } from './run-operation.ts';
import { withScratchNeo4j } from './scratch-neo4j.ts';

type Queries = Record<string, string>;

const kbQueries: Queries = {
  shortestPath: '{ shortestPath(from: "thailand", to: "itu") { length } }',
  allShortestPaths: '{ allShortestPaths(from: "thailand", to: "itu") { length } }',
  paths: '{ paths(from: "thailand", to: "itu", maxHops: 4, limit: 20) { length } }',
  neighborhood: '{ neighborhood(id: "thailand", depth: 2, limit: 200) { truncated nodes { id } } }',
  'centrality DEGREE': '{ centrality(measure: DEGREE) { score } }',
  'centrality PAGERANK': '{ centrality(measure: PAGERANK) { score } }',
  'centrality BETWEENNESS': '{ centrality(measure: BETWEENNESS) { score } }',
  communities: '{ communities { size } }',
  commonConnections: '{ commonConnections(a: "thailand", b: "cambodia") { entity { id } } }',
  similarEntities: '{ similarEntities(id: "malaysia") { jaccard } }',
  'fundingSummary RECIPIENT': '{ fundingSummary(groupBy: RECIPIENT) { total { amount } } }',
  timeline: '{ timeline { date } }',
  topicCooccurrence: '{ topicCooccurrence { count } }',
};

const generatedQueries: Queries = {
  ...kbQueries,
  // Exact betweenness is refused above 10,000 entities; measured on the Meeting–Country projection.
  'centrality BETWEENNESS':
    '{ centrality(measure: BETWEENNESS, nodeTypes: ["Meeting", "Country", "Organization"]) { score } }',
  shortestPath: '{ shortestPath(from: "gen-project-1", to: "gen-document-1") { length } }',
  allShortestPaths: '{ allShortestPaths(from: "gen-project-1", to: "gen-document-1", limit: 20) { length } }',
  paths: '{ paths(from: "gen-project-1", to: "gen-document-1", maxHops: 4, limit: 20) { length } }',
  neighborhood: '{ neighborhood(id: "gen-meeting-1", depth: 2, limit: 200) { truncated nodes { id } } }',
  commonConnections: '{ commonConnections(a: "gen-meeting-1", b: "gen-meeting-2") { entity { id } } }',
  similarEntities: '{ similarEntities(id: "gen-meeting-1") { jaccard } }',
};

async function measure(db: Database, queries: Queries): Promise<string[]> {
  const app = createApp(db, testOptions);
  const rows: string[] = [];
  for (const [name, query] of Object.entries(queries)) {
    const run = async () => (await runOperation(app, name, query)).ms;
    const cold = await run();
    const warm: number[] = [];
    for (let i = 0; i < 5; i++) warm.push(await run());
    warm.sort((a, b) => a - b);
    rows.push(`| ${name} | ${cold.toFixed(0)} | ${(warm[2] ?? 0).toFixed(0)} |`);
    console.log(rows.at(-1));
  }
  return rows;
}

const table = (title: string, rows: string[]) => [
  `## ${title}`,
  '',
  '| Analytic | cold ms | warm ms |',
  '|---|---|---|',
  ...rows,
  '',
];
const sections: string[] = [];
await withScratchNeo4j(async (db) => {
  await migrate(db);
  await loadAllSources(db, dataDir);
  sections.push(...table('Knowledge base (139 entities, 255 relations)', await measure(db, kbQueries)));
  await db.write({ name: 'bench.clear', cypher: 'MATCH (n:Entity) DETACH DELETE n' });
  const corpus = generateCorpus(Number(process.env.ENTITIES ?? 71_000));
  await loadCorpus(db, corpus);
  const title = `Generated graph (${corpus.entities} entities, ${corpus.relations} relations, in ${corpus.sources.length} sources)`;
  sections.push(...table(title, await measure(db, generatedQueries)));
});
const report = [
  '# Analytics latency',
  '',
  `Measured by \`npm run bench:analytics\` on ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, Node ${process.version}, Neo4j 5.26 (local launcher, 4 GB heap), in-process \`yoga.fetch\`. Cold is the first call (for centrality and communities it includes loading the projection); warm is the median of the next five (projection and results cached until the data changes).`,
  '',
  ...sections,
].join('\n');
writeFileSync(new URL('../docs/reports/analytics-latency.md', import.meta.url), report);
console.log(report);
