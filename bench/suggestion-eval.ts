import type { KnowledgeFiles } from '../src/suggest/lexicon-files.ts';
import { suggest } from '../src/suggest/suggest.ts';

/**
 * The evaluation of known-entity mentions (issue 34) on documents marked `{{words|entity|variant}}`
 * (test/fixtures/suggestions/README.md): recall per variant, precision per rule that proposed.
 */
export interface Gold {
  start: number;
  end: number;
  entity: string;
  variant: string;
}

/** The plain text and its marked mentions; an entity "-" marks words that are not a mention. */
export function readMarked(marked: string): { text: string; gold: Gold[] } {
  let text = '';
  const gold: Gold[] = [];
  let at = 0;
  for (const match of marked.matchAll(/\{\{([^|}]+)\|([^|}]+)\|([^|}]+)\}\}/gu)) {
    text += marked.slice(at, match.index);
    const [, words, entity, variant] = match as unknown as [string, string, string, string];
    if (entity !== '-') gold.push({ start: text.length, end: text.length + words.length, entity, variant });
    text += words;
    at = (match.index ?? 0) + match[0].length;
  }
  return { text: text + marked.slice(at), gold };
}

export interface Tally {
  found: number;
  total: number;
}

export interface Evaluation {
  /** Gold mentions found (same span and entity), per variant. */
  recall: Record<string, Tally>;
  /** Mentions suggested that are right, per rule (name, alias, glossary, demonym, partial). */
  precision: Record<string, Tally>;
  misses: string[];
  wrong: string[];
}

const ruleOf = (why: string) => /^(partial|glossary|demonym|Thai name|name|alias)/u.exec(why)?.[1] ?? 'other';

export function evaluate(marked: string, data: KnowledgeFiles): Evaluation {
  const { text, gold } = readMarked(marked);
  const mentions = suggest(text, data).filter((s) => s.kind === 'mention');
  const key = (m: { start: number; end: number; entity: string }) => `${m.start}:${m.end}:${m.entity}`;
  const suggested = new Set(mentions.map(key));
  const expected = new Set(gold.map(key));
  const result: Evaluation = { recall: {}, precision: {}, misses: [], wrong: [] };
  const count = (table: Record<string, Tally>, name: string, hit: boolean) => {
    table[name] ??= { found: 0, total: 0 };
    table[name].total++;
    if (hit) table[name].found++;
  };
  for (const g of gold) {
    const hit = suggested.has(key(g));
    count(result.recall, g.variant, hit);
    if (!hit) result.misses.push(`${text.slice(g.start, g.end)} → ${g.entity} (${g.variant})`);
  }
  for (const m of mentions) {
    const hit = expected.has(key(m));
    count(result.precision, ruleOf(m.why), hit);
    if (!hit) result.wrong.push(`${m.text} → ${m.entity} (${m.why})`);
  }
  return result;
}

export const totalOf = (table: Record<string, Tally>): Tally =>
  Object.values(table).reduce((sum, t) => ({ found: sum.found + t.found, total: sum.total + t.total }), {
    found: 0,
    total: 0,
  });
