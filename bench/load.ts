// npm run bench:load: generates ENTITIES entities (default 100,000), loads them through the product's
// loader into a fresh local Neo4j, loads them again (idempotency), and prints the times.
import { migrate } from '../src/db/migrate.ts';
import { loadSource } from '../src/kb/load.ts';
import { generateCorpus } from './corpus.ts';
import { withScratchNeo4j } from './scratch-neo4j.ts';

const count = Number(process.env.ENTITIES ?? 100_000);
const facts = generateCorpus(count);
await withScratchNeo4j(async (db) => {
  await migrate(db);
  const first = await loadSource(db, facts);
  console.log(
    `First load: ${facts.entities.length} entities, ${facts.relations.length} relations in ${(first.ms / 1000).toFixed(1)} s`,
    first.counters,
  );
  const second = await loadSource(db, facts);
  console.log(`Second load (no changes expected): ${(second.ms / 1000).toFixed(1)} s`, second.counters);
});
