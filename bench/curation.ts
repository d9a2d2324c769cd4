// npm run bench:curation: p50/p95 latency of each curation write (preview and write, through the app
// in-process) against a copy of data/ on a scratch Neo4j. A write edits its facts file, checks the
// source as kb:check does, reconciles the source's graph and appends the audit event, so the time
// grows with the source, not with the graph. Writes docs/reports/curation-latency.md.
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokenStore } from '../src/auth/tokens.ts';
import { migrate } from '../src/db/migrate.ts';
import { dataDir } from '../src/facts/source-files.ts';
import { loadAllSources } from '../src/loader/load-all.ts';
import { createApp, productionOptions } from '../src/yoga.ts';
import { CURATED_REFERENCE } from '../test/helpers/resolution.ts';
import { withScratchNeo4j } from './scratch-neo4j.ts';

const runs = Number(process.env.RUNS ?? 30);
const largeFileSection = '## Writes beside a 2 MB facts file';
const { source } = CURATED_REFERENCE;
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

await withScratchNeo4j(async (db) => {
  const dir = join(mkdtempSync(join(tmpdir(), 'bench-curation-')), 'data');
  cpSync(dataDir, dir, { recursive: true });
  await migrate(db);
  await loadAllSources(db, dir);
  const tokens = new TokenStore(join(dir, '..', 'tokens.json'));
  const { token } = tokens.create('bench', ['curate']);
  const app = createApp(db, {
    ...productionOptions,
    dataDir: dir,
    tokensFile: tokens.file,
  });
  const samples = new Map<string, number[]>();
  /** Runs a mutation, times it under `label`, and returns its one field's result. */
  async function write(label: string, query: string, variables: Record<string, unknown>) {
    const started = performance.now();
    const response = await app.fetch('http://bench/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    // biome-ignore lint/suspicious/noExplicitAny: one shape per mutation
    const body = (await response.json()) as { data?: Record<string, any>; errors?: unknown };
    const ms = performance.now() - started;
    if (body.errors) throw new Error(`${label}: ${JSON.stringify(body.errors).slice(0, 300)}`);
    samples.set(label, [...(samples.get(label) ?? []), ms]);
    return Object.values(body.data ?? {})[0];
  }
  const result = 'fact version event { id }';
  const addRelation = `mutation($input: AddRelationInput!, $dryRun: Boolean) { addRelation(input: $input, dryRun: $dryRun) { ${result} } }`;
  const upsertEntity = `mutation($input: UpsertEntityInput!) { upsertEntity(input: $input) { ${result} } }`;
  const setRank = `mutation($claim: ID!) { setRank(claim: $claim, rank: PREFERRED) { ${result} } }`;
  const retract = `mutation($id: ID!) { retractFact(id: $id, reason: "bench") { ${result} } }`;
  const undo = `mutation($id: ID!) { undo(auditEventId: $id) { ${result} } }`;
  const relation = CURATED_REFERENCE;

  for (let run = -3; run < runs; run++) {
    const timed = run >= 0; // three warm-up rounds
    const label = (name: string) => (timed ? name : 'warm-up');
    await write(label('addRelation, preview'), addRelation, { input: relation, dryRun: true });
    const added = await write(label('addRelation'), addRelation, { input: relation });
    await write(label('retractFact'), retract, { id: added.fact });
    const entity = await write(label('upsertEntity (new)'), upsertEntity, {
      input: {
        source,
        id: `bench-entity-${run + 3}`,
        type: 'Organization',
        section: '5.2',
        quote: 'ประเทศไทย',
        props: { name: `Bench organization ${run + 3}` },
      },
    });
    await write(label('retractFact'), retract, { id: entity.fact });
    const ranked = await write(label('setRank'), setRank, { claim: `${source}#HOSTED_BY:adgsom-5:thailand` });
    await write(label('undo'), undo, { id: ranked.event.id });
  }
  samples.delete('warm-up');

  const rows = [...samples].map(([label, times]) => {
    const sorted = [...times].sort((a, b) => a - b);
    return `| ${label} | ${sorted.length} | ${percentile(sorted, 0.5).toFixed(0)} | ${percentile(sorted, 0.95).toFixed(0)} |`;
  });
  const report = [
    '# Curation writes: latency',
    '',
    `Measured by \`npm run bench:curation\` on ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, Neo4j 5.26 local launcher (scratch), ${runs} rounds after 3 warm-up rounds, one write at a time, in-process (\`yoga.fetch\`, no HTTP), against a copy of data/.`,
    '',
    'Each write reads and edits one facts file, checks the whole source as `kb:check` does (quotes',
    'against the text included), reconciles that source in Neo4j and appends to the audit log.',
    '',
    '| Write | Samples | p50 ms | p95 ms |',
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
  // The section on writes beside a large file comes from test/integration/hostile-writes.int.test.ts.
  const file = new URL('../docs/reports/curation-latency.md', import.meta.url);
  const kept = existsSync(file) ? readFileSync(file, 'utf8').split(largeFileSection)[1] : undefined;
  writeFileSync(file, kept === undefined ? report : `${report}\n${largeFileSection}${kept}`);
  console.log(report);
});
