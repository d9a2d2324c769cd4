// npm run kb:suggest -- ID [--json] [--min-score S]: what the graph recognises in source ID's
// text (data/sources/ID.txt, KB_DATA_DIR): mentions of known entities, names it does not know and
// relations between mentions, each with its offsets, score and why. No database needed: the
// entities come from the facts files. Rejected suggestions (data/suggestions/ID.rejected.yaml) are left out.
import { parseArgs } from 'node:util';
import { DomainError } from '../src/errors.ts';
import { dataDir } from '../src/facts/source-files.ts';
import { sourceSuggestions } from '../src/suggest/source-suggestions.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { json: { type: 'boolean' }, 'min-score': { type: 'string' } },
});
const [id] = positionals;
if (!id || positionals.length > 1) {
  console.error('Usage: npm run kb:suggest -- ID [--json] [--min-score 0.5]');
  process.exit(2);
}
try {
  const minScore = values['min-score'] === undefined ? 0 : Number(values['min-score']);
  const suggestions = sourceSuggestions(dataDir, id, minScore);
  if (values.json) console.log(JSON.stringify(suggestions, null, 2));
  else {
    for (const s of suggestions)
      console.log(
        `${String(s.start).padStart(7)}-${String(s.end).padEnd(7)} ${s.score.toFixed(2)} ${s.kind.padEnd(10)} ${s.entity.padEnd(32)} ${JSON.stringify(s.text)}  (${s.why})`,
      );
    const count = (kind: string) => suggestions.filter((s) => s.kind === kind).length;
    console.log(
      `${id}: ${count('mention')} mentions, ${count('new-entity')} new-entity candidates, ${count('relation')} relation candidates`,
    );
  }
} catch (error) {
  if (!(error instanceof DomainError)) throw error;
  console.error(`kb:suggest: ${error.message}`);
  process.exit(1);
}
