// npm run bench:load-profile: where a first load's time goes. The corpus of bench:load (ENTITIES,
// default 100,000) loaded once into a fresh Neo4j, with each named query's time summed over every
// source's transaction (the rest is JavaScript and the driver) and the CPU profiled (node:inspector):
// self time by function, ours and the packages'.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { generateCorpus, loadCorpus } from './corpus.ts';
import { selfTime } from './cpu-profile.ts';
import { withScratchNeo4j } from './scratch-neo4j.ts';

/** Sums each named query's time over the write transactions `db` runs. */
function timeWrites(db: Database): Map<string, { ms: number; calls: number }> {
  const spent = new Map<string, { ms: number; calls: number }>();
  const writeTransaction = db.writeTransaction.bind(db);
  db.writeTransaction = ((name, work) =>
    writeTransaction(name, (run, counters) =>
      work(async (query, params) => {
        const started = performance.now();
        try {
          return await run(query, params);
        } finally {
          const was = spent.get(query.name) ?? { ms: 0, calls: 0 };
          spent.set(query.name, { ms: was.ms + performance.now() - started, calls: was.calls + 1 });
        }
      }, counters),
    )) as Database['writeTransaction'];
  return spent;
}

const count = Number(process.env.ENTITIES ?? 100_000);
const corpus = generateCorpus(count);
await withScratchNeo4j(async (db) => {
  await migrate(db);
  const spent = timeWrites(db);
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  const { ms } = await loadCorpus(db, corpus);
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  const inDb = [...spent.values()].reduce((sum, { ms }) => sum + ms, 0);
  console.log(`First load of ${corpus.relations} relations: ${(ms / 1000).toFixed(1)} s`);
  console.log('| query | calls | s |\n|---|---|---|');
  for (const [name, { ms, calls }] of [...spent].sort((a, b) => b[1].ms - a[1].ms))
    console.log(`| ${name} | ${calls} | ${(ms / 1000).toFixed(2)} |`);
  console.log(`| (JavaScript, the driver and the rest) | | ${((ms - inDb) / 1000).toFixed(2)} |`);
  const file = join(tmpdir(), `load-profile-${process.pid}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  const { totalMs, functions } = selfTime(file, 20);
  console.log(`\nCPU profile of this process, ${(totalMs / 1000).toFixed(1)} s, self time:`);
  console.log(functions.join('\n'));
});
