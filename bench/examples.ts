// npm run bench:examples: p50/p95 latency and Neo4j round trips of each schema/examples operation on
// the loaded knowledge base, through the app in-process (no HTTP). Writes docs/reports/example-latency.md.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { withDatabase } from '../scripts/with-database.ts';
import { migrate } from '../src/db/migrate.ts';
import { dataDir } from '../src/facts/source-files.ts';
import { loadAllSources } from '../src/loader/load-all.ts';
import { createApp, testOptions } from '../src/yoga.ts';
import { runOperation } from './run-operation.ts';

const dir = new URL('../schema/examples/', import.meta.url);
const runs = Number(process.env.RUNS ?? 50);

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

await withDatabase(async (db) => {
  await migrate(db);
  await loadAllSources(db, dataDir);
  const app = createApp(db, { ...testOptions, debugRoundTrips: true });
  const rows: string[] = [];
  for (const file of readdirSync(dir)
    .filter((name) => name.endsWith('.graphql'))
    .sort()) {
    const query = readFileSync(new URL(file, dir), 'utf8');
    const run = () => runOperation(app, file, query);
    for (let i = 0; i < 5; i++) await run();
    const samples: number[] = [];
    let roundTrips = 0;
    for (let i = 0; i < runs; i++) {
      const sample = await run();
      samples.push(sample.ms);
      roundTrips = sample.roundTrips;
    }
    samples.sort((a, b) => a - b);
    rows.push(
      `| ${file} | ${roundTrips} | ${percentile(samples, 0.5).toFixed(1)} | ${percentile(samples, 0.95).toFixed(1)} |`,
    );
  }
  const report = [
    '# Example operations: latency and round trips',
    '',
    `Measured by \`npm run bench:examples\` on ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, Neo4j 5.26 local launcher, ${runs} runs after 5 warm-up runs, one at a time, in-process (\`yoga.fetch\`, no HTTP).`,
    '',
    '| Example | Neo4j round trips | p50 ms | p95 ms |',
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
  writeFileSync(new URL('../docs/reports/example-latency.md', import.meta.url), report);
  console.log(report);
});
