// npm run bench:asof: what `asOf` costs a read at about 10,000 relationships (issue 38: at most
// 1.3× the same read without it). Each read runs without and with `asOf`, alternated pair by pair so
// that the load of a shared machine falls on both alike; the ratio is the median of the pairs'
// ratios. Writes docs/reports/as-of.md. RELATIONS and PAIRS change the size and the repetitions.
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
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
    const app = createApp(db, { ...testOptions, debugRoundTrips: true });
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
  `\`half\` is asOf ${moments.half} (some sources known, values re-resolved); \`all\` is asOf ${moments.all} (every source known: since src/stores/as-of.ts sets no view then, the read now plus one round trip).`,
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
  '## Where the cost is',
  '',
  '- `asOf.visibleSources`: every `asOf` read makes one more round trip, to turn the day into the sources known then. For a cheap read (entity by id, a shortest path) that round trip is as long as the read itself, so the ratio is about 2× whatever the graph. Keeping the answer per graph version (as the response cache keeps its version) would remove it.',
  '- `asOf.claimSets`: entities, list items and search hits that some unknown source also cites are re-resolved from the claim sets of the sources known: one more round trip.',
  '- Counts (`totalCount`, `entityCounts`): without `asOf` Neo4j answers them from its count store, without reading an entity; with a view every entity of the type is tested (an `EXISTS` over its `CITED_IN` relationships). This is the largest ratio and grows with the graph. Only visibility kept on the entity (such as the date of its first source, indexed, kept by the loader) would bring it near the read now.',
  '- `fundingSummary`, `neighborhood`, `timeline`: the visibility conditions on each relationship (`any(vs IN r.sources WHERE vs IN $visible)`) and entity; the timeline of a day before the last source has fewer events, so it can be faster.',
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
