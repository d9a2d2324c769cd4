// npm run bench:load: generates ENTITIES entities (default 100,000), loads them through the product's
// loader into a fresh local Neo4j, loads them again (idempotency), and prints the times.
import { execFileSync } from 'node:child_process';
import { migrate } from '../src/db/migrate.ts';
import { generateCorpus, loadCorpus } from './corpus.ts';
import { withScratchNeo4j } from './scratch-neo4j.ts';

const count = Number(process.env.ENTITIES ?? 100_000);
const corpus = generateCorpus(count);
await withScratchNeo4j(async (db, _uri, _password, _neo4j, dataDir) => {
  await migrate(db);
  const first = await loadCorpus(db, corpus);
  console.log(
    `First load: ${corpus.entities} entities (${Math.round(corpus.shared * 100)}% named by two or more sources), ${corpus.relations} relations in ${corpus.sources.length} sources, ${(first.ms / 1000).toFixed(1)} s`,
    first.counters,
  );
  // The whole data directory: store files and transaction logs.
  const bytes = Number(execFileSync('du', ['-sb', dataDir], { encoding: 'utf8' }).split('\t')[0]);
  console.log(`Store size after the first load: ${(bytes / 2 ** 20).toFixed(0)} MiB`);
  const second = await loadCorpus(db, corpus);
  console.log(`Second load (no changes expected): ${(second.ms / 1000).toFixed(1)} s`, second.counters);
});
