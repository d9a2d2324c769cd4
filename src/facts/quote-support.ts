import type { SourceFacts } from './source-facts.ts';
import { normalizeText } from './values.ts';

/**
 * Does a relation's quote say what it cites? The common failure is a quote lifted from near the
 * fact that names neither of its ends: "Thailand ATTENDED the 4th ADGMIN" citing a sentence about
 * statements and views. `kb:check` warns about every relation whose quote names neither end by any
 * name it has (name, nameTh, aliases, in any file that declares it, and the demonyms and short forms
 * of data/demonyms.yaml). A warning does not fail the check unless `--max-warnings` says so
 * (docs/reports/citation-review.md).
 */
export interface QuoteWarning {
  source: string;
  /** The relation's id, stable across edits: `ATTENDED:thailand:adgmin-4:role=…`. */
  relation: string;
  reason: string;
}

/** Every name of every entity the sources declare, by id; `extra` adds names by id (demonyms). */
export function namesById(
  sources: readonly SourceFacts[],
  extra: Record<string, readonly string[]> = {},
): Map<string, string[]> {
  const names = new Map<string, Set<string>>();
  const add = (id: string, name: unknown) => {
    if (typeof name !== 'string' || !name.trim()) return;
    const set = names.get(id) ?? new Set<string>();
    set.add(normalizeText(name));
    names.set(id, set);
  };
  for (const facts of sources)
    for (const entity of facts.entities) {
      const { name, nameTh, aliases } = entity.props;
      add(entity.id, name);
      add(entity.id, nameTh);
      if (Array.isArray(aliases)) for (const alias of aliases) add(entity.id, alias);
    }
  for (const [id, words] of Object.entries(extra)) for (const word of words) add(id, word);
  return new Map([...names].map(([id, set]) => [id, [...set]]));
}

const latin = /[A-Za-z0-9]/;

/**
 * Whether `quote` (normalised) names `name`. Thai is written without spaces between words, so a
 * Thai name is found anywhere in the quote; a Latin name only as whole words, and an all-capitals
 * short form (TH, IN, DE) only in capitals, so that "in" or "us" in English prose is not a country.
 */
export function quoteNames(quote: string, name: string): boolean {
  const acronym = name === name.toUpperCase() && /[A-Z]/.test(name);
  const haystack = acronym ? quote : quote.toLowerCase();
  const needle = acronym ? name : name.toLowerCase();
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
    const before = haystack[at - 1] ?? ' ';
    let end = at + needle.length;
    // A footnote marker glued to a word ("ASEAN ICT Fund2") does not make it another word.
    if (/[A-Za-z]/.test(needle[needle.length - 1] as string)) while (/\d/.test(haystack[end] ?? '')) end++;
    const after = haystack[end] ?? ' ';
    const starts = !latin.test(needle[0] as string) || !latin.test(before);
    const ends = !latin.test(needle[needle.length - 1] as string) || !latin.test(after);
    if (starts && ends) return true;
  }
  return false;
}

/** A warning for every relation whose quote names neither end. */
export function quoteSupportWarnings(
  sources: readonly SourceFacts[],
  extra: Record<string, readonly string[]> = {},
): QuoteWarning[] {
  const names = namesById(sources, extra);
  const warnings: QuoteWarning[] = [];
  for (const facts of sources)
    for (const relation of facts.relations) {
      const quote = normalizeText(relation.cite.quote);
      const named = (id: string) => (names.get(id) ?? []).some((name) => quoteNames(quote, name));
      if (named(relation.from) || named(relation.to)) continue;
      warnings.push({
        source: facts.meta.id,
        relation: relation.id,
        reason: `quote names neither ${relation.from} nor ${relation.to} by any of their names or aliases: "${quote.slice(0, 80)}"`,
      });
    }
  return warnings;
}
