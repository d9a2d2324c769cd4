// npm run kb:check: validates every facts file against its source text. Exit 1 on any problem.
import { checkAllSources } from '../src/kb/load-all.ts';
import { FactsInvalidError } from '../src/kb/validate.ts';

try {
  const sources = checkAllSources(process.argv[2]);
  for (const facts of sources) {
    console.log(
      `ok ${facts.meta.id}: ${facts.entities.length} entities, ${facts.relations.length} relations, every quote found in the source`,
    );
  }
} catch (error) {
  if (!(error instanceof FactsInvalidError)) throw error;
  console.error(error.message);
  process.exit(1);
}
