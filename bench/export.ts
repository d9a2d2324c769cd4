// npm run bench:export: generates ENTITIES entities (default 710,000: about a million relationships),
// loads them into a scratch Neo4j, then exports the graph in every format, each by the CLI in its
// own process (npm run export's script), and reports its time, output size and the exporter's peak
// RSS (getrusage, as GNU time reports it). Writes docs/reports/export-benchmarks.md.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from '../src/db/migrate.ts';
import { formatNames } from '../src/export/formats.ts';
import { generateCorpus, loadCorpus } from './corpus.ts';
import { withScratchNeo4j } from './scratch-neo4j.ts';

const count = Number(process.env.ENTITIES ?? 710_000);
const formats = process.env.FORMATS?.split(',') ?? formatNames;

/** Bytes of a file, or of the files of a directory. */
function sizeOf(path: string): number {
  if (!statSync(path).isDirectory()) return statSync(path).size;
  return readdirSync(path).reduce((sum, name) => sum + statSync(join(path, name)).size, 0);
}

await withScratchNeo4j(async (db, uri, password) => {
  await migrate(db);
  const corpus = generateCorpus(count);
  const load = await loadCorpus(db, corpus);
  let relationships = 0;
  for (const row of await db.read({
    name: 'bench.relationships',
    cypher: 'MATCH ()-[r]->() RETURN count(r) AS count',
  }))
    relationships = Number(row.count);
  console.log(
    `Loaded ${corpus.entities} entities, ${relationships} relationships in ${(load.ms / 1000).toFixed(1)} s`,
  );

  const out = mkdtempSync(join(tmpdir(), 'bench-export-'));
  const results: Array<{ format: string; seconds: number; rssMiB: number; outMiB: number }> = [];
  try {
    for (const format of formats) {
      const path = join(out, format === 'csv' ? 'csv' : `graph.${format}`);
      const started = performance.now();
      // GNU time's %M, its last line of standard error: the exporter's peak resident set, in KiB.
      const run = spawnSync(
        '/usr/bin/time',
        [
          '-f',
          '%M',
          process.execPath,
          '--import',
          'tsx',
          'scripts/export.ts',
          '--format',
          format,
          '--out',
          path,
        ],
        { env: { ...process.env, NEO4J_URI: uri, NEO4J_PASSWORD: password }, encoding: 'utf8' },
      );
      const seconds = (performance.now() - started) / 1000;
      if (run.status !== 0) throw new Error(`export ${format} failed: ${run.stderr}`);
      const peakKiB = Number(run.stderr.trim().split('\n').at(-1));
      const result = { format, seconds, rssMiB: peakKiB / 1024, outMiB: sizeOf(path) / 2 ** 20 };
      results.push(result);
      console.log(result);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  const rowsOf = results.map(
    ({ format, seconds, rssMiB, outMiB }) =>
      `| \`${format}\` | ${seconds.toFixed(1)} | ${rssMiB.toFixed(0)} | ${outMiB.toFixed(0)} |`,
  );
  const report = `# Export benchmarks

Written by \`npm run bench:export\` on ${new Date().toISOString().slice(0, 10)}: ${process.env.BENCH_MACHINE ?? '2 cores'}, Node ${process.version},
Neo4j 5.26 (local launcher, scratch store), the generated graph of \`bench/corpus.ts\`: ${corpus.entities.toLocaleString('en')}
entities and ${relationships.toLocaleString('en')} relationships in ${corpus.sources.length} sources.

Each format is exported by \`npm run export -- --format F --out PATH\` in its own process, one at a
time. Time is the whole process (start-up included); peak RSS is the exporter's (GNU time's
maximum resident set size), not Neo4j's. The target is under 300 MB at this size.

| Format | Time (s) | Exporter peak RSS (MiB) | Output (MiB) |
| ------ | -------: | ----------------------: | -----------: |
${rowsOf.join('\n')}
`;
  writeFileSync('docs/reports/export-benchmarks.md', report);
  console.log(report);
});
