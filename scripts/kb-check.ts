// npm run kb:check: validates every facts file against its source text. Exit 1 on any problem:
// CI relies on it, although the loader skips a broken source and loads the others.
import { checkSources } from '../src/facts/check-sources.ts';
import { FactsInvalidError } from '../src/facts/source-facts.ts';
import { dataDir } from '../src/facts/source-files.ts';
import { glossaryFor } from '../src/search/glossary.ts';

const dir = process.argv[2] ?? dataDir;
const { valid, failed } = checkSources(dir);
const glossary = glossaryFor(dir);
for (const problem of glossary.problems) console.error(`glossary: ${problem}`);
if (!glossary.problems.length)
  console.log(`ok glossary: ${glossary.entries.length} entries, reviewed and harvested`);
for (const facts of valid) {
  console.log(
    `ok ${facts.meta.id}: ${facts.entities.length} entities, ${facts.relations.length} relations, every quote found in the source`,
  );
}
if (glossary.problems.length && !failed.length) process.exit(1);
if (failed.length) {
  console.error(new FactsInvalidError(failed.flatMap((failure) => failure.problems)).message);
  process.exit(1);
}
