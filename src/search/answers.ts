import type { Question } from './cues.ts';
import { compareScored, explain, type ParsedQuery, required, type Scored, scoreValue } from './rank.ts';

/**
 * From scored candidates to the answers search returns (docs/design/search.md): the candidates that match
 * enough words, or else the best partial matches, said so; and for a question, the answers its cues
 * lead to first.
 */

export interface Answer<T> {
  item: T;
  score: number;
  /**
   * Why it matched (rank.ts explain), worked out when asked: only the answers a search returns are
   * explained, not every candidate ranked.
   */
  matched: () => string[];
  /** Fewer of the query's words matched than search requires: the best there was. */
  partial: boolean;
}

/**
 * Best first. Candidates scored with a minimum of one word: those with the words required, or if
 * none has them, every one, partial. A query whose words match something never comes back empty.
 */
export function rankAnswers<T extends { id: string }>(
  parsed: ParsedQuery,
  scored: Array<Scored<T>>,
): Array<Answer<T>> {
  const enough = scored.filter((hit) => hit.matched >= required(parsed.terms.length));
  const partial = !enough.length;
  const rarity = partial ? rarityOf(scored) : () => 0;
  return (partial ? scored : enough)
    .sort((a, b) => rarity(b) - rarity(a) || compareScored(a, b) || a.item.id.localeCompare(b.item.id))
    .map((hit) => ({ item: hit.item, score: scoreValue(hit), matched: once(() => explain(hit)), partial }));
}

/** `make`'s value, made on the first call only. */
function once<V>(make: () => V): () => V {
  let value: { made: V } | undefined;
  return () => {
    value ??= { made: make() };
    return value.made;
  };
}

/**
 * For partial matches: the words a candidate matched, each weighed by how few candidates match it
 * (log(1 + n / df), as Lucene's idf), so that "cooperation", in many names, counts for less than
 * "Japan".
 */
function rarityOf<T>(scored: Array<Scored<T>>): (hit: Scored<T>) => number {
  const counts: number[] = [];
  for (const hit of scored) {
    hit.hits.forEach((on, index) => {
      counts[index] = (counts[index] ?? 0) + Number(on);
    });
  }
  const weights = counts.map((count) => Math.log(1 + scored.length / Math.max(count, 1)));
  return (hit) => hit.hits.reduce((sum, on, index) => sum + (on ? (weights[index] ?? 0) : 0), 0);
}

/** An entity one relation away from an answer the rest of the question found (its anchor). */
export interface Link<T> {
  item: T;
  anchor: string;
  relation: string;
  degree: number;
}

/** How many of the best answers a question's cues start from. */
export const ANCHORS = 10;

/** Above any plain score (an exact name is 30,000): an answer a cue leads to comes first. */
const STEERED = 100_000;

/**
 * A question's answers: first the entities its relations lead to from the best answers (in the
 * order of those), then, when it named no relation, the answers of the type it asks for; then the
 * rest as they were. Each comes once, where it ranks best.
 */
export function steer<T extends { id: string; type: string }>(
  question: Question,
  answers: Array<Answer<T>>,
  links: Array<Link<T>>,
): Array<Answer<T>> {
  const rankOf = new Map(answers.map((answer, index) => [answer.item.id, index]));
  const steered: Array<{ answer: Answer<T>; key: number; direct: boolean; degree: number }> = [];
  for (const link of links) {
    const index = rankOf.get(link.anchor);
    const anchor = index === undefined ? undefined : answers[index];
    if (!anchor || index === undefined) continue;
    const why = () => [`${link.relation}: ${(anchor.matched()[0] ?? '').replace(/^[a-zA-Z]+: /u, '')}`];
    steered.push({
      answer: { item: link.item, score: STEERED + anchor.score, matched: why, partial: anchor.partial },
      key: index,
      direct: false,
      degree: link.degree,
    });
  }
  if (!question.relations.length && question.types.length) {
    answers.forEach((answer, index) => {
      if (!question.types.includes(answer.item.type as never)) return;
      const steeredAnswer = { ...answer, score: STEERED + answer.score };
      steered.push({ answer: steeredAnswer, key: index, direct: true, degree: Number.POSITIVE_INFINITY });
    });
  }
  steered.sort(
    (a, b) =>
      a.key - b.key ||
      Number(b.direct) - Number(a.direct) ||
      b.degree - a.degree ||
      a.answer.item.id.localeCompare(b.answer.item.id),
  );
  const seen = new Set<string>();
  const out: Array<Answer<T>> = [];
  for (const answer of [...steered.map((entry) => entry.answer), ...answers]) {
    if (seen.has(answer.item.id)) continue;
    seen.add(answer.item.id);
    out.push(answer);
  }
  return out;
}
