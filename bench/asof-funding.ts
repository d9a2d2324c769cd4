// tsx bench/asof-funding.ts: where `fundingSummary` as of an earlier day spends its time, on the
// corpus of bench:asof. Times the funding query's text as the app sends it without and with asOf,
// and variants given in VARIANTS (a JSON file of {name: cypher}), each alternated pair by pair with
// the read without asOf; prints the median ratio of each, the rows each returns, and the operation
// with and without asOf through the app.
import { readFileSync } from 'node:fs';
import { readConfig } from '../src/config.ts';
import type { Params } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { createApp, testOptions } from '../src/yoga.ts';
import { generateCorpus, loadCorpus } from './corpus.ts';
import { runOperation } from './run-operation.ts';
import { withScratchNeo4j } from './scratch-neo4j.ts';

const corpus = generateCorpus(Math.round(10_000 / 1.41));
const dates = corpus.sources.map((source) => source.meta.date).sort();
const half = dates[Math.floor((dates.length - 1) / 2)] as string;
const runs = Number(process.env.PAIRS ?? 21);
const variants = process.env.VARIANTS
  ? (JSON.parse(readFileSync(process.env.VARIANTS, 'utf8')) as Record<string, string>)
  : {};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

await withScratchNeo4j(
  async (db) => {
    await migrate(db);
    await loadCorpus(db, corpus);
    const sent = new Map<string, { cypher: string; params: Params }>();
    const read = db.read.bind(db);
    db.read = ((query, params = {}, budget) => {
      sent.set(`${query.name}${params.asOfDay ? ' asOf' : ''}`, { cypher: query.cypher, params });
      return read(query, params, budget);
    }) as typeof db.read;
    const responseCache = { ...readConfig({}).responseCache, maxEntryBytes: 0 };
    const app = createApp(db, { ...testOptions, responseCache });
    const op = (a: string) => `{ fundingSummary(groupBy: RECIPIENT${a}) { key total { amount } } }`;
    await runOperation(app, 'funding', op(''));
    await runOperation(app, 'funding', op(`, asOf: "${half}"`));
    const plain = sent.get('analytics.funding.RECIPIENT') as { cypher: string; params: Params };
    const dated = sent.get('analytics.funding.RECIPIENT asOf') as { cypher: string; params: Params };
    const [later] = await read(
      {
        name: 'bench.later',
        cypher:
          'MATCH (p:Project) WHERE p.firstKnown <= $d RETURN count(*) AS known, count(CASE WHEN p.lastKnown > $d THEN 1 END) AS later',
      },
      { d: half },
    );
    console.log(
      `asOf ${half}: projects known ${later?.known}, of which a later source changed ${later?.later}`,
    );
    const timed = async (cypher: string, params: Params) => {
      const started = performance.now();
      const rows = await read({ name: 'bench.variant', cypher }, params);
      return { ms: performance.now() - started, rows: rows.length };
    };
    const all = { 'as sent': dated.cypher, ...builtIn(dated.cypher), ...variants };
    for (const [name, cypher] of Object.entries(all)) {
      const ratios: number[] = [];
      const times: number[] = [];
      let rows = 0;
      for (let i = 0; i < runs; i++) {
        const a = await timed(plain.cypher, plain.params);
        const b = await timed(cypher, dated.params);
        ratios.push(b.ms / a.ms);
        times.push(b.ms);
        rows = b.rows;
      }
      console.log(`${name}: ${median(ratios).toFixed(2)}× (${median(times).toFixed(1)} ms, ${rows} rows)`);
    }
    const ops: Record<string, number[]> = { without: [], with: [] };
    for (let i = 0; i < runs; i++) {
      ops.without?.push((await runOperation(app, 'funding', op(''))).ms);
      ops.with?.push((await runOperation(app, 'funding', op(`, asOf: "${half}"`))).ms);
    }
    console.log(
      `operation: without ${median(ops.without ?? []).toFixed(1)} ms, with ${median(ops.with ?? []).toFixed(1)} ms`,
    );
    console.log(`\n-- as sent with asOf:\n${dated.cypher}`);
  },
  Number(process.env.BENCH_NEO4J_PORT ?? 7697),
);

/** Variants of the query as sent: each a list of replacements (all must apply). */
function builtIn(sent: string): Record<string, string> {
  const apply = (text: string, pairs: Array<[string | RegExp, string]>) =>
    pairs.reduce((t, [from, to]) => {
      const next = t.replace(from, to);
      if (next === t) throw new Error(`variant: ${String(from)} not found`);
      return next;
    }, text);
  const out: Record<string, string> = {};
  const tryIt = (name: string, pairs: Array<[string | RegExp, string]>) => {
    try {
      out[name] = apply(sent, pairs);
    } catch (error) {
      console.log(`${name}: ${(error as Error).message}`);
    }
  };
  tryIt('(no later columns)', [[/, \[p IN changed[\s\S]*$/, '\n       ORDER BY key, currency']]);
  tryIt('pipelined runtime asked', [[/^/, 'CYPHER runtime=pipelined ']]);
  tryIt('(later alone)', [[/, \[e IN changed[\s\S]*$/, '\n       ORDER BY key, currency']]);
  tryIt('(laterSets alone)', [[/, \[p IN changed \|[^\n]*?AS later/, '']]);
  tryIt('sets by a CALL after the aggregation', [
    [
      /\n\s*RETURN coalesce/,
      `
       CALL (changed) {
         UNWIND changed AS e
         MATCH (e)-[lc:CITED_IN]->(ls:Source) WHERE lc.claims IS NOT NULL AND ls.date <= date($asOfDay)
         WITH e, collect({source: ls.id, date: ls.date, section: lc.section, quote: lc.quote, claims: lc.claims}) AS sets
         RETURN collect({id: e.id, sets: sets}) AS laterSets
       }
       RETURN coalesce`,
    ],
    [/, \[e IN changed[\s\S]*?AS laterSets/, ', laterSets'],
    [/collect\(CASE WHEN p\.lastKnown > \$asOfDay THEN p END\) AS changed/, '$& WITH *'],
  ]);
  tryIt('(no date on AWARDED_TO)', [[' WHERE gr.firstKnown <= $asOfDay', '']]);
  tryIt('(no date on the project)', [[' AND p.firstKnown <= $asOfDay', '']]);
  return out;
}
