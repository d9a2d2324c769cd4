// npm run kb:match -- <facts file> [--json]: for each entity the file declares, the entities already
// in the graph it may be the same as, scored on Thai and English names, aliases and acronyms. Reuse
// an id (or declare `sameAs`) instead of creating a duplicate.
import { basename, dirname, resolve } from 'node:path';
import { unlimitedBudget } from '../src/db/budget.ts';
import { formatProblem } from '../src/facts/source-facts.ts';
import { readSource } from '../src/facts/source-files.ts';
import { MatchService, nameSetOf } from '../src/services/match-service.ts';
import { GraphStore } from '../src/stores/graph-store.ts';
import { withDatabase } from './with-database.ts';

const args = process.argv.slice(2);
const json = args.includes('--json');
const file = args.find((arg) => !arg.startsWith('--'));
if (!file?.endsWith('.yaml')) {
  console.error('Usage: npm run kb:match -- data/facts/<source>.yaml [--json]');
  process.exit(2);
}
// A facts file lives in <data>/facts/<id>.yaml, beside <data>/sources/<id>.txt.
const dataDir = dirname(dirname(resolve(file)));
const { facts, problems } = readSource(basename(file, '.yaml'), dataDir);
if (!facts.entities.length && problems.length) {
  console.error(problems.map(formatProblem).join('\n'));
  process.exit(1);
}
try {
  await withDatabase(async (db) => {
    const matching = new MatchService(new GraphStore(db, unlimitedBudget(), dataDir));
    const report = [];
    for (const entity of facts.entities) {
      const query = nameSetOf(entity);
      const matches = await matching.find(query, 5);
      report.push({
        id: entity.id,
        type: entity.type,
        name: query.name,
        matches: matches.map((m) => ({
          id: m.entity.id,
          type: m.entity.type,
          score: m.score,
          reason: m.reason,
        })),
      });
    }
    if (json) {
      console.log(JSON.stringify(report, null, 2));
      return;
    }
    for (const entry of report) {
      if (!entry.matches.length) continue;
      console.log(`${entry.id} (${entry.type} "${entry.name}") may be:`);
      for (const match of entry.matches)
        console.log(`  ${match.score.toFixed(2)}  ${match.id} (${match.type}): ${match.reason}`);
    }
    const alone = report.filter((entry) => !entry.matches.length).length;
    console.log(`${report.length - alone} of ${report.length} entities have possible matches in the graph.`);
  });
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
