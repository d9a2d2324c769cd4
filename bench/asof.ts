// npm run bench:asof: what `asOf` costs a read at about 10,000 relationships (issue 38: at most
// 1.3× the same read without it). Each read runs without and with `asOf`, alternated pair by pair so
// that the load of a shared machine falls on both alike; the ratio is the median of the pairs'
// ratios. Writes docs/reports/as-of.md. RELATIONS and PAIRS change the size and the repetitions.
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { readConfig } from '../src/config.ts';
import { migrate } from '../src/db/migrate.ts';
import { createApp, testOptions } from '../src/yoga.ts';
import { profileOperation, timeQueries } from './asof-profile.ts';
import { generateCorpus, loadCorpus } from './corpus.ts';
import { runOperation } from './run-operation.ts';
import { withScratchNeo4j } from './scratch-neo4j.ts';

const relations = Number(process.env.RELATIONS ?? 10_000);
const pairs = Number(process.env.PAIRS ?? 15);
/** The generated corpus has about 1.41 relations an entity. */
const corpus = generateCorpus(Math.round(relations / 1.41));
const dates = corpus.sources.map((source) => source.meta.date).sort();
/** Half the sources known, values re-resolved; and all of them, the filter alone. */
const moments = { half: dates[Math.floor((dates.length - 1) / 2)] as string, all: dates.at(-1) as string };

/** Each read as a function of its `asOf` argument (empty for none). The ids are in the first source. */
const reads: Record<string, (asOf: string) => string> = {
  entity: (a) => `{ entity(id: "gen-project-1"${a}) { id name properties conflicts } }`,
  entities: (a) => `{ entities(first: 100${a}) { totalCount nodes { id name } } }`,
  search: (a) => `{ search(query: "Project 12"${a}) { entity { id } } }`,
  neighborhood: (a) => `{ neighborhood(id: "gen-country-0", depth: 1, limit: 200${a}) { nodes { id } } }`,
  shortestPath: (a) => `{ shortestPath(from: "gen-project-1", to: "gen-project-2"${a}) { length } }`,
  timeline: (a) => `{ timeline(kinds: ["MEETING", "Source"]${a}) { date } }`,
  fundingSummary: (a) => `{ fundingSummary(groupBy: RECIPIENT${a}) { key total { amount } } }`,
  entityCounts: (a) => `{ entityCounts${a ? `(${a.slice(2)})` : ''} { type count } }`,
};

const median = (values: number[]) => {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

type Row = { read: string; moment: string; plain: number; asOf: number; ratio: number; trips: string };

async function compare(
  app: ReturnType<typeof createApp>,
  read: string,
  moment: string,
  date: string,
): Promise<Row> {
  const plain = reads[read]?.('') as string;
  const dated = reads[read]?.(`, asOf: "${date}"`) as string;
  const tripsOf = async (query: string) => (await runOperation(app, read, query)).roundTrips;
  const trips = `${await tripsOf(plain)} → ${await tripsOf(dated)}`; // also warms both up
  const times = { plain: [] as number[], asOf: [] as number[], ratio: [] as number[] };
  for (let i = 0; i < pairs; i++) {
    // Alternate which goes first, so neither always follows the other.
    const order = i % 2 ? [dated, plain] : [plain, dated];
    const [first, second] = [
      await runOperation(app, read, order[0] as string),
      await runOperation(app, read, order[1] as string),
    ];
    const [p, a] = i % 2 ? [second.ms, first.ms] : [first.ms, second.ms];
    times.plain.push(p);
    times.asOf.push(a);
    times.ratio.push(a / p);
  }
  const row = {
    read,
    moment,
    plain: median(times.plain),
    asOf: median(times.asOf),
    ratio: median(times.ratio),
    trips,
  };
  console.log(JSON.stringify(row));
  return row;
}

const rows: Row[] = [];
const profiles: string[] = [];
await withScratchNeo4j(
  async (db) => {
    await migrate(db);
    await loadCorpus(db, corpus);
    // No response cache; the newest date kept as a server keeps it (RESPONSE_CACHE_VERSION_MS, 1 s).
    const responseCache = { ...readConfig({}).responseCache, enabled: false };
    const app = createApp(db, { ...testOptions, debugRoundTrips: true, responseCache });
    for (const read of Object.keys(reads))
      for (const [moment, date] of Object.entries(moments)) rows.push(await compare(app, read, moment, date));
    // Where the time goes: each named query's median time, and the rest.
    const queries = timeQueries(db);
    for (const [read, query] of Object.entries(reads))
      for (const [moment, date] of [['without', ''], ...Object.entries(moments)] as const) {
        const line = await profileOperation(app, queries, read, query(date ? `, asOf: "${date}"` : ''));
        profiles.push(`| ${read} | ${moment} | ${line} |`);
        console.log(profiles.at(-1));
      }
  },
  Number(process.env.BENCH_NEO4J_PORT ?? 7698),
);

const worst = rows.reduce((a, b) => (b.ratio > a.ratio ? b : a));
const report = [
  '# The cost of `asOf`',
  '',
  `Measured by \`npm run bench:asof\` on ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores shared with other work, Node ${process.version}, Neo4j 5.26 (local launcher), in-process \`yoga.fetch\`, no response cache.`,
  `Generated corpus (bench/corpus.ts): ${corpus.entities} entities, ${corpus.relations} relations in ${corpus.sources.length} sources dated ${dates[0]} to ${dates.at(-1)}.`,
  `Each read ran ${pairs} times without and with \`asOf\`, alternated pair by pair; the ratio is the median of the pairs' ratios, so the load of the machine falls on both alike. Times are medians, for scale only.`,
  `\`half\` is asOf ${moments.half} (some sources known, values re-resolved); \`all\` is asOf ${moments.all} (every source known: the kept dates pass everything, nothing is re-resolved).`,
  '',
  'Target (issue 38): an `asOf` read costs at most 1.3× the same read without it.',
  '',
  '| Read | asOf | ratio | without ms | with ms | round trips without → with |',
  '|---|---|---|---|---|---|',
  ...rows.map(
    (row) =>
      `| ${row.read} | ${row.moment} | ${row.ratio.toFixed(2)}× | ${row.plain.toFixed(1)} | ${row.asOf.toFixed(1)} | ${row.trips} |`,
  ),
  '',
  `Highest ratio: ${worst.read} (${worst.moment}), ${worst.ratio.toFixed(2)}×.`,
  '',
  '## Before and after',
  '',
  'Before (872e718, the same bench on the same machine): entity 2.32× / 2.61× (half / all), entities 5.95× / 1.27×, search 1.53× / 1.15×, neighborhood 1.25× / 1.10×, shortestPath 1.94× / 1.47×, timeline 0.37× / 0.85×, fundingSummary 1.78× / 1.27×, entityCounts 3.32× / 1.91×. Every `asOf` read then made one more round trip (`asOf.visibleSources`), entities and hits re-resolved in one more (`asOf.claimSets`), and counts tested every entity with an `EXISTS` over its `CITED_IN` relationships.',
  '',
  'Now (docs/design/as-of.md, "The dates kept on the graph"):',
  '',
  "- No round trip for the day: the loader keeps `firstKnown` and `lastKnown` on every entity and relationship, and a day is the condition `firstKnown <= $asOfDay`, a property read, in the read's own query.",
  "- Values re-resolved only where a later source claims some (`lastKnown` after the day); for the entities a root field finds (by id, lists, search), their claim sets come in the same query. Nested entities, a relation's node and the projects summed by `fundingSummary` take one more round trip, only when some need it (fundingSummary, half: 2 → 3).",
  '- Counts read a property of each entity instead of matching its `CITED_IN` relationships.',
  '- `firstKnown` is not indexed, so that lists keep to the `nameKey` index that orders them. Entities (all) was 1.87× in a run with the index and 1.71× in this one without it, with other changes between: the index is not shown to be the cause.',
  '',
  '## Where the cost is',
  '',
  '- Met (≤ 1.3×): entity, search, shortestPath, timeline, and neighborhood with every source known. Not met: entities (1.92× / 1.71×), entityCounts (1.51× / 1.48×), fundingSummary (2.05× / 1.48×), neighborhood (half, 1.39×). The times are of a few milliseconds: in this run entities went from 7.8 to 14.5 ms, entityCounts from 3.8 to 6.0 ms.',
  "- Counts (`totalCount` in `entities`, `entityCounts`): without `asOf`, counting reads each entity's labels only; with it, each entity's `firstKnown` too (7,092 property reads, about 2.5 ms here). The list page itself costs what it did: no entity on it needs re-resolving once `lastKnown` is the last day its values changed (JavaScript 0.9 ms, as without). An index on `firstKnown`, used by the counts only (a hint), or a count kept per source date and type, is the next thing to try.",
  '- `fundingSummary`: the condition on each project and on its `AWARDED_TO` relationship (which the read now follows only when known then), and, for an earlier day, one round trip for the projects a later source changed (`asOf.claimSets`, 5.6 ms).',
  "- `neighborhood`: the condition on each of the hub's relationships (a property read each, about 1,000 here).",
  '- Times of a few milliseconds move by a millisecond between runs on a shared machine: those ratios carry that noise (entityCounts without `asOf` took 3.0 to 17 ms across runs).',
  '',
  '## Where the time goes',
  '',
  'The median of seven runs of each named query (bench/asof-profile.ts times `Database.read` by name), and what is left of the operation (negative where queries run in parallel, as the two of `fundingSummary` do).',
  '',
  '| Read | asOf | time by query, slowest first |',
  '|---|---|---|',
  ...profiles,
  '',
].join('\n');
writeFileSync(new URL('../docs/reports/as-of.md', import.meta.url), report);
console.log(report);
