import { harvest } from '../search/glossary.ts';

/** Enough of the words before a bracket for its long form: harvest reads at most the last 12. */
const BEFORE = 160;

/**
 * The "Long Form (ABBR)" pairs of a text (src/search/glossary.ts), read bracket by bracket from
 * the words just before each: harvest's pattern, run over a whole line without brackets, takes
 * time in the square of the line's length (a 56 KB line took 6 s), which a document may not cost.
 */
export function harvestPairs(text: string): string[][] {
  const pairs: string[][] = [];
  for (const bracket of text.matchAll(/\([^()\n]{2,80}\)/gu)) {
    const at = bracket.index ?? 0;
    const lineStart = text.lastIndexOf('\n', at) + 1;
    const from = Math.max(lineStart, at - BEFORE, text.lastIndexOf(')', at) + 1);
    pairs.push(...harvest(text.slice(from, at + bracket[0].length)));
  }
  return pairs;
}
