// npm run kb:release -- --name NAME
// Records a release of the graph in Neo4j (NEO4J_URI, or the local one): data/releases/NAME.json
// (the manifest: date, each source's facts hash, counts), NAME.jsonl (the snapshot, each claim with
// the release it first and last appeared in) and a :Release node.
import { parseArgs } from 'node:util';
import { readConfig } from '../src/config.ts';
import { DomainError } from '../src/errors.ts';
import { dataDir as defaultDataDir } from '../src/facts/source-files.ts';
import { ReleaseService } from '../src/releases/release-service.ts';
import { withDatabase } from './with-database.ts';

const { values } = parseArgs({ options: { name: { type: 'string' } } });
if (!values.name) {
  console.error('Usage: npm run kb:release -- --name NAME');
  process.exit(2);
}
const name = values.name;

await withDatabase(async (db) => {
  try {
    const release = await new ReleaseService(db, readConfig().dataDir ?? defaultDataDir).record(name);
    const { sources, entities, relations, claims } = release.counts;
    console.log(
      `Release ${release.id} (version ${release.version}): ${sources} sources, ${entities} entities, ${relations} relations, ${claims} claims; previous ${release.previous ?? 'none'}`,
    );
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    console.error(`kb:release: ${error.message}`);
    process.exitCode = 1;
  }
});
