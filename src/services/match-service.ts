import { badInput } from '../errors.ts';
import { isEntityType } from '../model/ontology.ts';
import type { GraphStore } from '../stores/graph-store.ts';
import type { EntityRecord } from '../stores/records.ts';

/**
 * Matching: which entities in the graph a name may be the same as, for the GraphQL `match` field
 * and the `kb:match` tool. The full-text index proposes candidates; the scorer below decides.
 * Scoring is pure string work: a score in [0, 1] and a reason a curator can read. Names that
 * share most of their words score high though they differ ("ASEAN Digital Ministers' Meeting" is 65%
 * like "ASEAN Digital Senior Officials' Meeting"): the score proposes candidates, a curator decides.
 */

export interface NameSet {
  id?: string;
  type?: string;
  name: string;
  nameTh?: string | null;
  aliases?: readonly string[];
}

export interface MatchScore {
  score: number;
  reason: string;
}

export interface RankedMatch extends MatchScore {
  candidate: NameSet;
}

export interface RankOptions {
  /** Lowest score kept; 0.5 unless given. */
  min?: number;
  /** Most matches returned; 10 unless given. */
  limit?: number;
}

const EXACT = 1;
const ACRONYM = 0.9;
/** Two labels that only look alike are weaker evidence than an equal label or an acronym. */
const FUZZY_MAX = 0.85;
/** A Country and an Organization can share a name ("Singapore"), so another type lowers, not rules out. */
const OTHER_TYPE = 0.6;

/** Words left out of initials ("Association of Southeast Asian Nations") and of word overlap. */
const STOP_WORDS = new Set(['of', 'the', 'and', 'for', 'on', 'in']);
const LATIN_WORDS = /^[\p{Script=Latin}\d ]+$/u;
/**
 * Forms of state: "Kingdom of Cambodia" and "Kingdom of Thailand" share half their letters and
 * nothing that tells who they are. Left out of look-alike scores only; an equal label needs them.
 */
const STATE_FORMS = new Set(['kingdom', 'republic']);
const STATE_FORMS_TH = /สาธารณรัฐ|ราชอาณาจักร/gu;

/**
 * The form two labels are compared in. Apostrophes, quotes and dots are dropped rather than spaced,
 * so "Ministers'" stays one word and "U.S.", "สปป." stay whole; other punctuation separates words.
 */
export function normalizeName(text: string): string {
  const plain = text
    .normalize('NFC')
    // Thai copied from PDFs often spells sara am as nikhahit + sara aa, which NFC leaves apart.
    .replace(/\u0e4d\u0e32/g, '\u0e33')
    // Zero-width spaces mark word breaks in Thai web text; they are invisible and not `\s`.
    .replace(/\p{Cf}/gu, '')
    .toLowerCase()
    .replace(/[\p{Pi}\p{Pf}'"`.]/gu, '')
    .replace(/&/g, ' and ')
    .replace(/[\p{P}\p{S}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return dropGenericPrefix(plain);
}

/**
 * "The" and ประเทศ ("country", as in ประเทศไทย) begin names without telling them apart. "Republic"
 * and "Kingdom" (สาธารณรัฐ, ราชอาณาจักร) stay: they are part of formal names, and aliases hold the
 * short forms. A label that is only the prefix is kept as it is.
 */
function dropGenericPrefix(label: string): string {
  const rest = label.replace(/^(?:the |ประเทศ ?)/u, '');
  return rest === '' ? label : rest;
}

/**
 * Initials of the significant words of an English name, or undefined when there are fewer than two
 * or the name is not in Latin script. A trailing "(Singapore)" only tells namesakes apart, so it is
 * left out. Many real acronyms are not initials (ASEAN, ADGMIN): those need an alias.
 */
export function acronymOf(name: string): string | undefined {
  const words = normalizeName(name.replace(/\([^)]*\)/g, ' '));
  if (!LATIN_WORDS.test(words)) return undefined;
  const initials = words
    .split(' ')
    .filter((word) => !STOP_WORDS.has(word) && !/^\d/.test(word))
    .map((word) => word.charAt(0))
    .join('');
  return initials.length >= 2 ? initials : undefined;
}

type LabelKind = 'name' | 'Thai name' | 'alias';

interface Label {
  kind: LabelKind;
  text: string;
  norm: string;
  core: string;
  acronym: string | undefined;
  /** Of the label's core (see `coreOf`). */
  bigrams: Map<string, number>;
  /** Of the core, when it is two or more Latin words. */
  words: Map<string, number> | undefined;
}

function labelsOf(entity: NameSet): Label[] {
  const raw: Array<[LabelKind, string | null | undefined]> = [
    ['name', entity.name],
    ['Thai name', entity.nameTh],
    ...(entity.aliases ?? []).map((alias): [LabelKind, string] => ['alias', alias]),
  ];
  const labels: Label[] = [];
  for (const [kind, text] of raw) {
    const norm = normalizeName(text ?? '');
    if (norm === '') continue;
    const core = coreOf(norm);
    labels.push({
      kind,
      text: (text ?? '').trim(),
      norm,
      core,
      acronym: acronymOf(text ?? ''),
      bigrams: bigramsOf(core),
      words: core.includes(' ') && LATIN_WORDS.test(core) ? wordsOf(core) : undefined,
    });
  }
  return labels;
}

/** What look-alike scores compare: the label without stop words and forms of state. */
function coreOf(norm: string): string {
  const core = norm
    .replace(STATE_FORMS_TH, '')
    .split(' ')
    .filter((word) => word !== '' && !STOP_WORDS.has(word) && !STATE_FORMS.has(word))
    .join(' ');
  return core === '' ? norm : core;
}

/**
 * Character pairs with the spaces taken out: Thai is written without spaces between words and
 * spaced unevenly when it is ("แห่ง สปป.ลาว"), and "asean ict" should meet "aseanict".
 */
function bigramsOf(core: string): Map<string, number> {
  const chars = Array.from(core.replaceAll(' ', ''));
  const counts = new Map<string, number>();
  for (let i = 0; i + 1 < chars.length; i++) {
    const pair = `${chars[i]}${chars[i + 1]}`;
    counts.set(pair, (counts.get(pair) ?? 0) + 1);
  }
  return counts;
}

function wordsOf(core: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const word of core.split(' ')) counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
}

/** Dice coefficient of two multisets: twice what they share over how much there is of both. */
function dice(a: Map<string, number>, b: Map<string, number>): number {
  let shared = 0;
  let total = 0;
  for (const [item, count] of a) {
    shared += Math.min(count, b.get(item) ?? 0);
    total += count;
  }
  for (const count of b.values()) total += count;
  return total === 0 ? 0 : (2 * shared) / total;
}

/**
 * Character pairs catch spelling and Thai; for two English phrases the words count as much, so
 * a reordered name still matches and one different word out of two weighs what it should.
 */
function similarity(a: Label, b: Label): number {
  const chars = dice(a.bigrams, b.bigrams);
  const blended = a.words && b.words ? (chars + dice(a.words, b.words)) / 2 : chars;
  return Math.min(FUZZY_MAX, blended);
}

const show = (label: Label) => `${label.kind} "${label.text}"`;

/** The query's label is always named first in the reason. */
function comparePair(q: Label, c: Label): MatchScore {
  if (q.norm === c.norm) {
    const same = q.kind === c.kind && q.text === c.text;
    return { score: EXACT, reason: same ? `same ${q.kind} "${q.text}"` : `${show(q)} = ${show(c)}` };
  }
  if (c.acronym === q.norm) return { score: ACRONYM, reason: `${show(q)} = initials of ${show(c)}` };
  if (q.acronym === c.norm) return { score: ACRONYM, reason: `initials of ${show(q)} = ${show(c)}` };
  if (q.core === c.core) {
    return { score: FUZZY_MAX, reason: `${show(q)} = ${show(c)}, but for words like "of" or "Kingdom"` };
  }
  const score = similarity(q, c);
  return { score, reason: `${show(q)} is ${Math.round(score * 100)}% similar to ${show(c)}` };
}

/** The best pair of labels; the first found wins a tie, so a name is preferred to an alias. */
function bestPair(queryLabels: Label[], candidateLabels: Label[]): MatchScore {
  let best: MatchScore = { score: 0, reason: 'no names in common' };
  for (const q of queryLabels) {
    for (const c of candidateLabels) {
      const match = comparePair(q, c);
      if (match.score > best.score) best = match;
    }
  }
  return best;
}

/** Compares every label of one with every label of the other and keeps the best pair. */
export function scoreMatch(query: NameSet, candidate: NameSet): MatchScore {
  const best = bestPair(labelsOf(query), labelsOf(candidate));
  if (!query.type || !candidate.type || query.type === candidate.type) return best;
  return {
    score: best.score * OTHER_TYPE,
    reason: `${best.reason}, but the type is ${candidate.type}, not ${query.type}`,
  };
}

/** Candidates that may be the query, best first; the query itself (same id) is left out. */
export function rankMatches(
  query: NameSet,
  candidates: readonly NameSet[],
  options: RankOptions = {},
): RankedMatch[] {
  const min = options.min ?? 0.5;
  const limit = options.limit ?? 10;
  // A negative limit would make `slice` drop matches from the end instead of failing.
  if (!Number.isInteger(limit) || limit < 0)
    throw new RangeError(`limit must be a whole number ≥ 0: ${limit}`);
  const ranked: RankedMatch[] = [];
  for (const candidate of candidates) {
    if (query.id !== undefined && candidate.id === query.id) continue;
    const match = scoreMatch(query, candidate);
    if (match.score >= min) ranked.push({ candidate, ...match });
  }
  return ranked.sort(bestFirst).slice(0, limit);
}

/** Higher score first; equal scores by id, compared by code point so the order never depends on locale. */
function bestFirst(a: RankedMatch, b: RankedMatch): number {
  if (a.score !== b.score) return b.score - a.score;
  const idA = a.candidate.id ?? '';
  const idB = b.candidate.id ?? '';
  return idA < idB ? -1 : idA > idB ? 1 : 0;
}

export interface EntityMatch {
  entity: EntityRecord;
  score: number;
  reason: string;
}

/** An entity as the graph or a facts file gives it: its names are in its properties. */
export const nameSetOf = (entity: Pick<EntityRecord, 'id' | 'type' | 'props'>): NameSet => ({
  id: entity.id,
  type: entity.type,
  name: String(entity.props.name ?? entity.id),
  nameTh: (entity.props.nameTh as string | undefined) ?? null,
  aliases: (entity.props.aliases as string[] | undefined) ?? [],
});

export class MatchService {
  constructor(private readonly graph: GraphStore) {}

  /** What a reader asks: a name (≤ 200 characters), perhaps its type, and at most 50 answers. */
  match(name: string, type: string | null | undefined, first: number | null | undefined) {
    if (name.length > 200) throw badInput('The name is longer than 200 characters');
    if (type && !isEntityType(type)) throw badInput(`Unknown entity type ${type}`);
    const limit = first ?? 10;
    if (!Number.isInteger(limit) || limit < 1 || limit > 50) throw badInput('first must be between 1 and 50');
    return this.find({ name, type: type ?? undefined }, limit);
  }

  /** The entities in the graph that `query` may be the same as, best first. */
  async find(query: NameSet, limit = 10): Promise<EntityMatch[]> {
    const labels = [query.name, query.nameTh ?? '', ...(query.aliases ?? [])].filter(Boolean);
    const candidates = await this.graph.matchCandidates(labels);
    const byId = new Map(candidates.map((entity) => [entity.id, entity]));
    return rankMatches(query, candidates.map(nameSetOf), { limit }).map((match) => ({
      entity: byId.get(match.candidate.id as string) as EntityRecord,
      score: Math.round(match.score * 100) / 100,
      reason: match.reason,
    }));
  }
}
