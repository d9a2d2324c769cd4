import { isEntityType, isRelationType } from '../model/ontology.ts';
import type { FixedFields } from './fixed-fields.ts';
import type { Lexicon } from './lexicon.ts';
import type { Mention } from './mentions.ts';

/**
 * Relation candidates: a sentence where a word that states a relation of the ontology
 * (data/relation-words.yaml: chaired, hosted, signed, เห็นชอบ…) stands between two mentions whose
 * types fit its ends. Offered with low scores; they never become facts without a click.
 */
export interface RelationWords {
  type: string;
  from: string[];
  to: string[];
  forward: string[];
  reverse: string[];
}

export interface RelationCandidate extends FixedFields {
  /** `entity`: the relation's `from` end. */
  relation: { type: string; from: string; to: string; quote: string };
}

export const relationScore = 0.4;

/** How far (UTF-16 units) an end may stand from the relation word: further is another clause. */
const REACH = 100;

/** The reviewed file, checked against the ontology: a wrong type name is an error, not a silent miss. */
export function relationWordsOf(value: unknown): RelationWords[] {
  if (value === undefined) return [];
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error('relation-words.yaml must map relation types to {from, to, forward, reverse}');
  return Object.entries(value as Record<string, Record<string, unknown>>).map(([type, entry]) => {
    if (!isRelationType(type)) throw new Error(`relation-words.yaml: ${type} is not a relation type`);
    const list = (name: string) => {
      const items = entry?.[name] ?? [];
      if (!Array.isArray(items) || !items.every((item) => typeof item === 'string'))
        throw new Error(`relation-words.yaml: ${type}.${name} must be a list of words`);
      return items as string[];
    };
    for (const end of [...list('from'), ...list('to')])
      if (!isEntityType(end)) throw new Error(`relation-words.yaml: ${type}: ${end} is not an entity type`);
    return { type, from: list('from'), to: list('to'), forward: list('forward'), reverse: list('reverse') };
  });
}

interface Trigger {
  words: RelationWords;
  phrase: string;
  reverse: boolean;
  pattern: RegExp;
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');

function triggersOf(words: RelationWords[]): Trigger[] {
  const out: Trigger[] = [];
  for (const entry of words) {
    for (const [list, reverse] of [
      [entry.forward, false],
      [entry.reverse, true],
    ] as const) {
      for (const phrase of list) {
        // Latin words stand alone; Thai has no spaces to stand between.
        const bounded = /\p{Script=Thai}/u.test(phrase)
          ? escaped(phrase)
          : `\\b${escaped(phrase).replace(/ /gu, '\\s+')}\\b`;
        out.push({ words: entry, phrase, reverse, pattern: new RegExp(bounded, 'giu') });
      }
    }
  }
  // Longer phrases first: "chaired by" is read before "chaired".
  return out.sort((a, b) => b.phrase.length - a.phrase.length);
}

/** Sentences: a line, or up to a full stop, question or exclamation mark followed by a space. */
function sentencesOf(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const match of text.matchAll(/[^\n]+/gu)) {
    const line = match[0];
    const at = match.index ?? 0;
    let from = 0;
    for (const stop of line.matchAll(/[.!?](?=\s+[\p{Lu}\p{Script=Thai}"“(])/gu)) {
      const end = (stop.index ?? 0) + 1;
      if (end - from > 1) out.push([at + from, at + end]);
      from = end;
    }
    out.push([at + from, at + line.length]);
  }
  return out;
}

export function findRelations(
  text: string,
  mentions: Mention[],
  lexicon: Lexicon,
  words: RelationWords[],
): RelationCandidate[] {
  const triggers = triggersOf(words);
  const typeOf = (mention: Mention) => lexicon.entities.get(mention.entity)?.type ?? '';
  const out: RelationCandidate[] = [];
  let next = 0;
  for (const [start, end] of sentencesOf(text)) {
    while (next < mentions.length && (mentions[next] as Mention).start < start) next++;
    const inside: Mention[] = [];
    for (let i = next; i < mentions.length && (mentions[i] as Mention).end <= end; i++)
      inside.push(mentions[i] as Mention);
    if (inside.length < 2) continue;
    const sentence = text.slice(start, end);
    const used: Array<[number, number]> = [];
    for (const trigger of triggers) {
      for (const match of sentence.matchAll(trigger.pattern)) {
        const at = start + (match.index ?? 0);
        const after = at + match[0].length;
        if (used.some(([s, e]) => at < e && s < after)) continue;
        if (inside.some((mention) => mention.start < after && at < mention.end)) continue;
        const [fromTypes, toTypes] = trigger.reverse
          ? [trigger.words.to, trigger.words.from]
          : [trigger.words.from, trigger.words.to];
        const before = inside
          .filter((m) => m.end <= at && at - m.end <= REACH && fromTypes.includes(typeOf(m)))
          .at(-1);
        const later = inside.find(
          (m) => m.start >= after && m.start - after <= REACH && toTypes.includes(typeOf(m)),
        );
        if (!before || !later || before.entity === later.entity) continue;
        used.push([at, after]);
        const [from, to] = trigger.reverse ? [later, before] : [before, later];
        const quote = text.slice(before.start, later.end);
        out.push({
          start: before.start,
          end: later.end,
          text: quote,
          entity: from.entity,
          score: relationScore,
          why: `"${match[0]}" between ${before.entity} and ${later.entity}: ${from.entity} ${trigger.words.type} ${to.entity}`,
          relation: { type: trigger.words.type, from: from.entity, to: to.entity, quote },
        });
      }
    }
  }
  const seen = new Set<string>();
  return out
    .filter((r) => {
      const key = `${r.start}:${r.end}:${r.relation.type}:${r.relation.from}:${r.relation.to}`;
      return !seen.has(key) && seen.add(key);
    })
    .sort((a, b) => a.start - b.start);
}
