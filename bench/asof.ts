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
    // The response cache as a server has it (its version read at most every RESPONSE_CACHE_VERSION_MS,
    // 1 s, with the newest source date), but keeping no answer: every read is computed.
    const responseCache = { ...readConfig({}).responseCache, maxEntryBytes: 0 };
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
  'Before (ef2d9d0, this bench on this machine earlier the same day; ratio half / all): entity 1.06× / 1.07×, entities 1.92× / 1.71×, search 1.12× / 1.11×, neighborhood 1.39× / 1.26×, shortestPath 0.96× / 1.02×, timeline 0.60× / 1.15×, fundingSummary 2.05× / 1.48× (round trips 2 → 3 half), entityCounts 1.51× / 1.48×.',
  '',
  'What changed (docs/design/as-of.md):',
  '',
  "- Every source known: a day on or after the newest source date reads the graph now. The newest date comes with the response cache's version of the graph (`cache.version`, src/response-cache.ts, which now reads the sources' dates too), so the shortcut is exactly as fresh as the key the answer is kept under. The plugin then sets no view: the `all` rows run the query text of the read without `asOf`. Both sides of each pair run with the cache on and keeping nothing, so both pay the version read once a second.",
  '- `fundingSummary`: the claim sets of the projects and stated totals a later source changed come in the funding queries (a pattern comprehension over the projects with `lastKnown` after the day), not in the round trip `asOf.claimSets`.',
  "- A neighbourhood, a path or a hit whose relationships' properties are not asked for reads no `sources`, `sourceDates` or `claims` of the relationships a later source states (there is nothing to re-resolve).",
  '- Tried and left out: an index on `firstKnown`, used by counts through a hint. Counts as of the earlier day went from 1.5× to 0.9×, but the index was there for every query with `firstKnown <= $asOfDay`: in that run `entity` (half) went to 1.84× and `shortestPath` (half) to 1.29×, their `entities.byIds` and `paths.shortestPath` two and three times slower, as the planner weighed the new index against the id lookups (migration 011 saw the same with lists).',
  '',
  '## Where the cost is',
  '',
  `- Met (≤ 1.3×): ${
    rows
      .filter((row) => row.ratio <= 1.3)
      .map((row) => `${row.read} (${row.moment})`)
      .join(', ') || 'none'
  }. Not met: ${
    rows
      .filter((row) => row.ratio > 1.3)
      .map((row) => `${row.read} (${row.moment}) ${row.ratio.toFixed(2)}×`)
      .join(', ') || 'none'
  }.`,
  "- Counts as of an earlier day (`totalCount` in `entities`, `entityCounts`): without `asOf`, counting reads each entity's labels only; with it, each entity's `firstKnown` too (about 7,000 property reads). An index on `firstKnown` made other reads slower (above); a count per (first-known day, type), kept per graph version beside the newest date, is the next thing to try.",
  '- `fundingSummary` as of an earlier day: the condition on each project and on its `AWARDED_TO` relationship, and the projects a later source changed, re-resolved in JavaScript.',
  "- `neighborhood` as of an earlier day: the condition on each of the hub's relationships (about 1,000 property reads).",
  '- Times of a few milliseconds move by a millisecond between runs on a shared machine: those ratios carry that noise.',
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
