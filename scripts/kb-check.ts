// npm run kb:check [dir] [--max-warnings N | --strict]: validates every facts file against its source
// text. Exit 1 on any problem: CI relies on it, although the loader skips a broken source and loads
// the others. Warnings (a relation's quote that names neither end, src/facts/quote-support.ts) are
// printed and do not fail the check, unless there are more than --max-warnings (--strict: 0), as in CI.
import { parseArgs } from 'node:util';
import { checkSources } from '../src/facts/check-sources.ts';
import { quoteSupportWarnings } from '../src/facts/quote-support.ts';
import { FactsInvalidError } from '../src/facts/source-facts.ts';
import { dataDir, factsFileOf } from '../src/facts/source-files.ts';
import { glossaryFor } from '../src/search/glossary.ts';
import { lexiconDataFor } from '../src/suggest/lexicon-files.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'max-warnings': { type: 'string' }, strict: { type: 'boolean' } },
});
const maxWarnings = values.strict ? 0 : Number(values['max-warnings'] ?? Number.POSITIVE_INFINITY);
if (Number.isNaN(maxWarnings) || maxWarnings < 0) {
  console.error(`--max-warnings must be a whole number, got "${values['max-warnings']}"`);
  process.exit(2);
}
const dir = positionals[0] ?? dataDir;

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
const warnings = quoteSupportWarnings(valid, lexiconDataFor(dir).demonyms);
for (const warning of warnings)
  console.warn(
    `warning: ${factsFileOf(warning.source, dir)}: relation ${warning.relation}: ${warning.reason}`,
  );
console.log(`${warnings.length} warning(s) about quotes that name neither end of their relation`);
if (failed.length)
  console.error(new FactsInvalidError(failed.flatMap((failure) => failure.problems)).message);
if (warnings.length > maxWarnings)
  console.error(`${warnings.length} warning(s), more than the ${maxWarnings} allowed (--max-warnings)`);
if (failed.length || glossary.problems.length || warnings.length > maxWarnings) process.exit(1);
