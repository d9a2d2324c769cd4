import { type Question, readQuestion } from './cues.ts';
import { type Form, findForms, type Glossary } from './glossary.ts';
import { type ReadText, readText } from './read-text.ts';
import { hasThai, isContentWord, type Word, words } from './text.ts';

/**
 * Ranked retrieval (docs/design/search.md). Lucene finds candidates that share any word with the query;
 * this module decides which of them match and in what order, because Neo4j's full-text queries
 * cannot require "two thirds of the words":
 * 1. a name, alias or acronym typed exactly goes first, then the query as a phrase in a name;
 * 2. then more of the query's words matched;
 * 3. then where and how they matched: names over descriptions over quotes, a word as typed over
 *    its stem, over a glossary equivalent, over a prefix (the last word, as you type), over a typo;
 * 4. then the entity's degree.
 */

export interface ParsedQuery {
  /** Every word typed, stop words included, for exact names. */
  typed: Word[];
  /** The words that must mostly match: content words, or every word if all are stop words. */
  terms: Word[];
  /** Glossary entries the query names: any of `forms` (word lists) stands for terms `start`..`end - 1`. */
  equivalents: Array<{ start: number; end: number; forms: string[][] }>;
  /** The input as typed, lower case, for names typed exactly ("ADGMIN", not "ADGMIN+"). */
  literal: string;
  /**
   * Thai as typed, unsegmented: Lucene's Thai analyzer segments it with its own dictionary, which
   * may cut words where ours does not (คณะรัฐมนตรี is one word to it, two to ICU).
   */
  thaiRuns: string[];
  /** Whether anything Thai can match: Thai words typed, or Thai glossary forms of what was typed. */
  thai: boolean;
  /** What a question asks for (cues.ts): its cue words are not among `terms`. */
  question?: Question;
}

export function parseQuery(input: string, glossary: Glossary): ParsedQuery {
  const typed = words(input.normalize('NFC'));
  const question = readQuestion(typed);
  const content = typed.filter((word) => isContentWord(word) && !question?.cueWords.has(word));
  const terms = content.length ? content : typed.filter(isContentWord);
  if (!terms.length) terms.push(...typed);
  const equivalents: ParsedQuery['equivalents'] = [];
  for (const match of findForms(
    glossary,
    typed.map((word) => word.text),
  )) {
    const span = typed.slice(match.start, match.end);
    const start = terms.findIndex((term) => span.includes(term));
    if (start < 0) continue;
    const found = span.map((word) => word.text).join(' ');
    const forms = (glossary.entries[match.entry] as Form[])
      .map((form) => form.words)
      .filter((form) => form.join(' ') !== found);
    equivalents.push({ start, end: start + span.filter((word) => terms.includes(word)).length, forms });
  }
  const literal = input.normalize('NFC').trim().toLowerCase();
  const thaiRuns = [...new Set(literal.match(/[\p{Script=Thai}\p{M}]+/gu) ?? [])];
  const thai =
    terms.some((term) => term.thai) ||
    equivalents.some(({ forms }) => forms.some((form) => form.some(hasThai)));
  return { typed, terms, equivalents, literal, thaiRuns, thai, ...(question && { question }) };
}

/** Words matched out of `count`: at least two thirds, and one of one or two. */
export const required = (count: number) => (count <= 2 ? 1 : Math.ceil((count * 2) / 3));

/** Fields of an entity that search reads, by weight. */
export const fieldWeights = {
  name: 3,
  nameTh: 3,
  alias: 3,
  also: 2.5,
  description: 1.5,
  descriptionTh: 1.5,
  quote: 1,
} as const;
export type FieldName = keyof typeof fieldWeights;

const kindWeights = { exact: 1, stem: 0.9, equivalent: 0.85, prefix: 0.6, typo: 0.4 } as const;
type Kind = keyof typeof kindWeights;

/**
 * Fields of the full-text index: names, the stems of their English words, and the rest. The
 * English names alone are also searched for a typo of a long word and for the last word as a
 * prefix: their expansions are what a full-text query costs most. The type filter is a field of
 * its own.
 */
export const luceneFields = {
  names: ['searchEn', 'searchTh'],
  stems: 'searchStems',
  others: ['searchAlso', 'description', 'descriptionTh'],
} as const;

/** Words sent to Lucene, and of those the ones also sent as typos: each typo expands to many terms. */
const LUCENE_WORDS = 16;
const LUCENE_TYPOS = 6;
/** A shorter last word as a prefix ("12*") expands to too many terms in a large graph. */
const PREFIX_LETTERS = 3;

/**
 * The candidate query: any word, and every glossary form as a phrase; each word's stem among the
 * names' stems; in English names also a typo of a long word and the last word as a prefix. Thai
 * goes as typed too. Words hold only letters, marks and digits, so nothing the user typed is
 * Lucene syntax; a long query sends its first words only, far below Lucene's limit of 1,024
 * clauses.
 */
export function luceneQuery(parsed: ParsedQuery, types: readonly string[] | null | undefined): string {
  const plain = new Set<string>();
  const stems = new Set<string>();
  const expanded = new Set<string>();
  const sent = parsed.terms.slice(0, LUCENE_WORDS);
  sent.forEach((term, position) => {
    plain.add(term.text);
    if (term.thai) return;
    stems.add(term.stem);
    if (term.text.length >= 5 && position < LUCENE_TYPOS) expanded.add(`${term.text}~1`);
    if (position === sent.length - 1 && term.text.length >= PREFIX_LETTERS) expanded.add(`${term.text}*`);
  });
  for (const run of parsed.thaiRuns.slice(0, LUCENE_WORDS)) plain.add(run);
  for (const { forms } of parsed.equivalents.slice(0, LUCENE_WORDS))
    for (const form of forms) plain.add(`"${form.join(' ')}"`);
  const asked = [...new Set([...plain, ...stems])];
  const [english, thai] = luceneFields.names;
  const clauses = [
    `${english}:(${[...asked, ...expanded].join(' ')})`,
    `${thai}:(${asked.join(' ')})`,
    ...(stems.size ? [`${luceneFields.stems}:(${[...stems].join(' ')})`] : []),
    ...luceneFields.others.map((field) => `${field}:(${asked.join(' ')})`),
  ];
  const query = clauses.join(' ');
  if (!types?.length) return query;
  const labels = types.map((type) => type.toLowerCase().replace(/[^a-z]/gu, '')).filter(Boolean);
  return `+searchType:(${labels.join(' ')}) +(${query})`;
}

export interface Field {
  field: FieldName;
  text: string;
}

export interface Scored<T> {
  item: T;
  exact: number;
  phrase: boolean;
  matched: number;
  /** Which of the query's words matched (by index): partial matches weigh them by rarity. */
  hits: boolean[];
  /** Where and how the words matched, times how much of the best name they cover. */
  weight: number;
  degree: number;
  /** The fields that matched and their matched words, for `explain`. */
  matches: Array<{ field: FieldName; text: string; words: Set<Word> }>;
}

/** One edit apart: a letter added, dropped or changed, or two neighbours swapped (as Lucene's fuzzy query counts). */
export function oneEditApart(a: string, b: string): boolean {
  if (a === b) return false;
  if (Math.abs(a.length - b.length) > 1) return false;
  let start = 0;
  while (start < a.length && a[start] === b[start]) start++;
  // Compared in place, not sliced: this runs for every word of every candidate (docs/reports/profiles.md).
  if (a.length === b.length)
    return (
      sameTail(a, start + 1, b, start + 1) ||
      (a[start] === b[start + 1] && a[start + 1] === b[start] && sameTail(a, start + 2, b, start + 2))
    );
  return a.length > b.length ? sameTail(a, start + 1, b, start) : sameTail(a, start, b, start + 1);
}

/** `a.slice(i) === b.slice(j)`, without making the slices. */
function sameTail(a: string, i: number, b: string, j: number): boolean {
  if (a.length - i !== b.length - j) return false;
  for (; i < a.length; i++, j++) if (a[i] !== b[j]) return false;
  return true;
}

function kindOf(term: Word, word: Word, last: boolean): Kind | undefined {
  if (word.text === term.text) return 'exact';
  if (!term.thai && word.stem === term.stem) return 'stem';
  if (last && !term.thai && term.text.length >= PREFIX_LETTERS && word.text.startsWith(term.text))
    return 'prefix';
  if (!term.thai && term.text.length >= 5 && oneEditApart(term.text, word.text)) return 'typo';
  return undefined;
}

/** Where `form` (words) occurs in `list`, by word or stem; -1 if nowhere. */
function indexOfForm(list: Word[], form: string[]): number {
  for (let start = 0; start + form.length <= list.length; start++) {
    if (
      form.every((part, offset) => {
        const word = list[start + offset] as Word;
        return word.text === part || word.stem === part;
      })
    )
      return start;
  }
  return -1;
}

/**
 * How exactly a name is the query: 3 as typed, 2 the same words, 1 the same words give or take
 * stems and typos, 0 otherwise.
 */
function exactness(parsed: ParsedQuery, read: ReadText): number {
  if (read.literal === parsed.literal) return 3;
  // Its Thai words were not read (the query has none), so it is not the same words.
  if (!parsed.thai && read.thai) return 0;
  const { typed, terms } = parsed;
  const { list, content } = read;
  if (list.length === typed.length && list.every((word, index) => word.text === (typed[index] as Word).text))
    return 2;
  if (content.length !== terms.length) return 0;
  for (let index = 0; index < content.length; index++) {
    const kind = kindOf(terms[index] as Word, content[index] as Word, false);
    if (kind !== 'exact' && kind !== 'stem' && kind !== 'typo') return 0;
  }
  return 1;
}

/**
 * Scores one candidate; undefined when fewer than `minimum` of the query's words match it (by default
 * the words required; the partial fallback asks for one).
 */
export function score<T>(
  parsed: ParsedQuery,
  item: T,
  fields: Field[],
  degree: number,
  minimum = required(parsed.terms.length),
): Scored<T> | undefined {
  const { terms } = parsed;
  const best = new Array<number>(terms.length).fill(0);
  let exact = 0;
  let phrase = false;
  /** The largest share of a name's words that the query matched: a short name fits better. */
  let fit = 0;
  let matches: Scored<T>['matches'] | undefined;
  const stems = terms.length > 1 ? stemsOf(parsed) : undefined;
  // Plain loops, and a set of marked words only for a field that matched: this runs for every
  // field of every candidate (docs/reports/search-speed.md).
  for (const { field, text } of fields) {
    const read = readText(text, parsed.thai);
    const { list } = read;
    if (!list.length) continue;
    const isName = field === 'name' || field === 'nameTh' || field === 'alias';
    if (isName) {
      exact = Math.max(exact, exactness(parsed, read));
      if (stems) phrase ||= indexOfForm(read.content, stems) >= 0;
    }
    const marked = markField(parsed, list, fieldWeights[field], best);
    if (marked) {
      matches ??= [];
      matches.push({ field, text, words: marked });
    }
    if (isName && (parsed.thai || !read.thai) && read.content.length) {
      let hits = 0;
      if (marked) for (const word of read.content) if (marked.has(word)) hits++;
      fit = Math.max(fit, hits / read.content.length);
    }
  }
  let matched = 0;
  let sum = 0;
  for (const weight of best) {
    if (weight > 0) matched++;
    sum += weight;
  }
  if (matched < Math.max(minimum, 1)) return undefined;
  return {
    item,
    exact,
    phrase,
    matched,
    hits: best.map((weight) => weight > 0),
    weight: sum * (0.75 + 0.25 * fit),
    degree,
    matches: matches ?? [],
  };
}

/** The query's terms as stems, for a phrase in a name: made once a query, not once a field. */
const stemCache = new WeakMap<ParsedQuery, string[]>();
function stemsOf(parsed: ParsedQuery): string[] {
  let stems = stemCache.get(parsed);
  if (!stems) {
    stems = parsed.terms.map((term) => term.stem);
    stemCache.set(parsed, stems);
  }
  return stems;
}

/**
 * Raises `best` (by term) to what this field gives each term, and returns the words of the field
 * that matched, or undefined when none did.
 */
function markField(parsed: ParsedQuery, list: Word[], weight: number, best: number[]): Set<Word> | undefined {
  const { terms } = parsed;
  let marked: Set<Word> | undefined;
  for (let index = 0; index < terms.length; index++) {
    const term = terms[index] as Word;
    const last = index === terms.length - 1;
    let kind: Kind | undefined;
    for (const word of list) {
      const found = kindOf(term, word, last);
      if (!found) continue;
      marked ??= new Set();
      marked.add(word);
      if (!kind || kindWeights[found] > kindWeights[kind]) kind = found;
    }
    if (kind) best[index] = Math.max(best[index] as number, weight * kindWeights[kind]);
  }
  for (const { start, end, forms } of parsed.equivalents) {
    for (const form of forms) {
      const at = indexOfForm(list, form);
      if (at < 0) continue;
      for (let index = start; index < end; index++) {
        best[index] = Math.max(best[index] as number, weight * kindWeights.equivalent);
      }
      marked ??= new Set();
      for (let offset = 0; offset < form.length; offset++) marked.add(list[at + offset] as Word);
    }
  }
  return marked;
}

/**
 * Up to four fields that matched, names first, as "field: text" with the matched words in **bold**.
 * A glossary form is shown only when it is what matched: a name that matched says more.
 */
export function explain(scored: Scored<unknown>): string[] {
  const { matches } = scored;
  const nameMatched = matches.some((match) => fieldWeights[match.field] > fieldWeights.also);
  return matches
    .filter((match) => match.field !== 'also' || !nameMatched)
    .sort((a, b) => fieldWeights[b.field] - fieldWeights[a.field])
    .slice(0, 4)
    .map((match) => `${match.field}: ${mark(match.text, match.words)}`);
}

/** Weights this close are a tie, which the degree breaks: the better-connected entity first. */
const WEIGHT_STEP = 0.5;
const band = (weight: number) => Math.round(weight / WEIGHT_STEP);

/** Best first: exact, phrase, words matched, weight, degree. */
export function compareScored<T>(a: Scored<T>, b: Scored<T>): number {
  return (
    b.exact - a.exact ||
    Number(b.phrase) - Number(a.phrase) ||
    b.matched - a.matched ||
    band(b.weight) - band(a.weight) ||
    b.degree - a.degree ||
    b.weight - a.weight
  );
}

/** One number that orders as compareScored does, degree aside: SearchHit.score. */
export const scoreValue = (scored: Scored<unknown>) =>
  scored.exact * 10_000 + Number(scored.phrase) * 1_000 + scored.matched * 50 + scored.weight;

/** The text with its matched words in **bold**; a long text is cut around the first one. */
function mark(text: string, marked: Set<Word>): string {
  // Spans of marked words, neighbours joined: **Working Group**, การ**หลอกลวง**.
  const spans: Array<[number, number]> = [];
  for (const word of [...marked].sort((a, b) => a.start - b.start)) {
    const last = spans.at(-1);
    if (last && /^\s*$/u.test(text.slice(last[1], word.start))) last[1] = Math.max(last[1], word.end);
    else spans.push([word.start, word.end]);
  }
  let from = 0;
  let to = text.length;
  if (text.length > 120) {
    from = Math.max(0, (spans[0] as [number, number])[0] - 40);
    to = Math.min(text.length, from + 120);
  }
  let out = from > 0 ? '…' : '';
  let at = from;
  for (const [start, end] of spans) {
    if (end > to) break;
    out += `${text.slice(at, start)}**${text.slice(start, end)}**`;
    at = end;
  }
  return out + text.slice(at, to) + (to < text.length ? '…' : '');
}
