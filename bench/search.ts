// npm run bench:search [-- <checkout>]: the search-quality set (bench/search-quality.tsv) through a
// checkout's app (this one by default), on a scratch Neo4j its own migrations and loader fill with
// the knowledge base. Prints recall@1, recall@5, MRR and answers with no hit, for the keyword queries
// and the sentence questions apart (kinds question*), and per kind; for this checkout it also writes
// docs/reports/search-quality.md. Another checkout gives the "before" column.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Database } from '../src/db/database.ts';
import { loaderOf } from './checkout.ts';
import { withScratchNeo4j } from './scratch-neo4j.ts';

const checkout = resolve(process.argv[2] ?? '.');
const isThis = checkout === resolve('.');
const TOP = 10;

interface Case {
  kind: string;
  query: string;
  expected: string;
}

const cases: Case[] = readFileSync('bench/search-quality.tsv', 'utf8')
  .split('\n')
  .filter((line) => line && !line.startsWith('#') && !line.startsWith('kind\t'))
  .map((line) => {
    const [kind = '', query = '', expected = ''] = line.split('\t');
    return { kind, query, expected };
  });

type Fetcher = { fetch: (url: string, init: RequestInit) => Promise<Response> | Response };

async function appOf(db: Database): Promise<Fetcher> {
  const { createApp } = await import(join(checkout, 'src/yoga.ts'));
  const { migrate } = await import(join(checkout, 'src/db/migrate.ts'));
  const { loadAllSources } = await import(loaderOf(checkout));
  await migrate(db);
  await loadAllSources(db, join(checkout, 'data'));
  // Spelled out, not src/yoga.ts's testOptions: the checkout may predate them.
  return createApp(db, { graphiql: false, introspection: true, debugRoundTrips: false });
}

async function search(app: Fetcher, query: string): Promise<{ ids: string[]; ms: number }> {
  const started = performance.now();
  const response = await app.fetch('http://bench/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'query ($q: String!, $n: Int) { search(query: $q, first: $n) { entity { id } } }',
      variables: { q: query, n: TOP },
    }),
  });
  const body = (await response.json()) as {
    data?: { search: Array<{ entity: { id: string } }> };
    errors?: unknown;
  };
  const ms = performance.now() - started;
  if (body.errors) throw new Error(`${query}: ${JSON.stringify(body.errors).slice(0, 300)}`);
  return { ids: (body.data?.search ?? []).map((hit) => hit.entity.id), ms };
}

interface Outcome extends Case {
  rank: number | null;
  top: string[];
}

function summary(outcomes: Outcome[]) {
  const n = outcomes.length;
  const at = (k: number) => outcomes.filter((o) => o.rank !== null && o.rank <= k).length / n;
  const mrr = outcomes.reduce((sum, o) => sum + (o.rank ? 1 / o.rank : 0), 0) / n;
  const empty = outcomes.filter((o) => !o.top.length).length;
  return { n, r1: at(1), r5: at(5), mrr, empty };
}

/** Sentence questions are reported apart from keyword queries: a different task, other targets. */
const isQuestion = (kind: string) => kind.startsWith('question');

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

await withScratchNeo4j(async (db) => {
  const app = await appOf(db);
  for (const { query } of cases.slice(0, 10)) await search(app, query);
  const outcomes: Outcome[] = [];
  const times: number[] = [];
  for (const item of cases) {
    const { ids, ms } = await search(app, item.query);
    times.push(ms);
    const index = ids.indexOf(item.expected);
    outcomes.push({ ...item, rank: index < 0 ? null : index + 1, top: ids.slice(0, 3) });
  }
  const keywords = outcomes.filter((o) => !isQuestion(o.kind));
  const questions = outcomes.filter((o) => isQuestion(o.kind));
  const kinds = [...new Set(cases.map((item) => item.kind))];
  const rows = [
    ['keywords', summary(keywords)] as const,
    ...kinds
      .filter((kind) => !isQuestion(kind))
      .map((kind) => [kind, summary(outcomes.filter((o) => o.kind === kind))] as const),
    ...(questions.length ? [['questions', summary(questions)] as const] : []),
    ...kinds
      .filter(isQuestion)
      .map((kind) => [kind, summary(outcomes.filter((o) => o.kind === kind))] as const),
  ];
  const table = [
    '| queries | n | recall@1 | recall@5 | MRR | no hit |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      ([kind, s]) =>
        `| ${kind} | ${s.n} | ${percent(s.r1)} | ${percent(s.r5)} | ${s.mrr.toFixed(3)} | ${s.empty} |`,
    ),
  ];
  const misses = outcomes
    .filter((o) => o.rank !== 1)
    .map((o) => `| ${o.kind} | ${o.query} | ${o.expected} | ${o.rank ?? '–'} | ${o.top.join(', ')} |`);
  const p50 = median(times.filter((_, index) => !isQuestion((cases[index] as Case).kind)));
  const p50Questions = median(times.filter((_, index) => isQuestion((cases[index] as Case).kind)));
  const latency = `p50 ${p50.toFixed(2)} ms over the ${keywords.length} keyword queries, ${p50Questions.toFixed(2)} ms over the ${questions.length} questions`;
  console.log(`Search quality of ${checkout}: ${latency}, in-process\n`);
  console.log(table.join('\n'));
  console.log(`\n${misses.length} not first:\n${misses.join('\n')}`);
  if (!isThis) return;
  writeFileSync(
    'docs/reports/search-quality.md',
    [
      '# Search quality',
      '',
      '<!-- Written by `npm run bench:search`; the queries are in bench/search-quality.tsv. -->',
      '',
      `${keywords.length} keyword queries and ${questions.length} sentence questions (half of them Thai), written by hand`,
      `from the sources, each with the entity it means (for a question, the answer), run against the`,
      `knowledge base in data/ (top ${TOP} asked). Targets: keywords recall@5 ≥ 95%, MRR ≥ 0.85, recall@1 = 100%`,
      'for exact names and acronyms; questions no answer without a hit, recall@5 ≥ 80%. How search ranks',
      'and reads questions is in docs/design/search.md.',
      '',
      ...table,
      '',
      `Latency on this knowledge base, in-process: ${latency} (a question with a cue takes a second round trip).`,
      '',
      '## Not ranked first',
      '',
      '| kind | query | expected | rank | top 3 |',
      '| --- | --- | --- | --- | --- |',
      ...misses,
      '',
    ].join('\n'),
  );
}, 7697);
