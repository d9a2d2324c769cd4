import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { hasThai, isContentWord, words } from './text.ts';

/**
 * Names that mean the same (an acronym and its long form, a Thai and an English name, two
 * spellings), so that a search for one finds the others: docs/design/search.md.
 * - `data/glossary.yaml`, reviewed by hand: a list of entries, each a list of forms.
 * - Harvested from the sources' own text: "Long Form (ABBR)", "Long Form: ABBR" in brackets, and a
 *   Thai name with its English or its Thai short form in brackets.
 */
export interface Glossary {
  /** Each entry's forms: as written, and as lower-case words (stop words kept: part of a name). */
  entries: Form[][];
  /** Entries by their forms' first words, for finding them in a text. */
  byFirstWord: Map<string, number[]>;
  /** A Thai word of each form that has one: a text holding none of them need not be segmented. */
  thaiForms: string[];
  /** Changes with any entry: part of the search keys' hash, so they are rebuilt when it changes. */
  hash: string;
  /** Why the reviewed file was left out, if it was: kb:check reports it; search goes on without it. */
  problems: string[];
}

export interface Form {
  text: string;
  words: string[];
}

export function glossaryOf(lists: string[][], problems: string[] = []): Glossary {
  const seen = new Set<string>();
  const entries: Form[][] = [];
  for (const texts of lists) {
    const forms = new Map<string, Form>();
    for (const text of texts) {
      const list = words(text).map((word) => word.text);
      const key = list.join(' ');
      if (list.length && !forms.has(key)) forms.set(key, { text: text.trim(), words: list });
    }
    const key = [...forms.keys()].sort().join('|');
    if (forms.size < 2 || seen.has(key)) continue;
    seen.add(key);
    entries.push([...forms.values()]);
  }
  const byFirstWord = new Map<string, number[]>();
  entries.forEach((entry, index) => {
    for (const form of entry) {
      const first = form.words[0] as string;
      const list = byFirstWord.get(first) ?? [];
      if (!list.includes(index)) list.push(index);
      byFirstWord.set(first, list);
    }
  });
  const hash = createHash('sha256').update(JSON.stringify(entries)).digest('hex').slice(0, 16);
  const thaiForms = [...new Set(entries.flat().flatMap((form) => form.words.find(hasThai) ?? []))];
  return { entries, byFirstWord, thaiForms, hash, problems };
}

/** Where a glossary form occurs in a list of words: the entry, and the span it covers. */
export interface GlossaryMatch {
  entry: number;
  start: number;
  /** Exclusive. */
  end: number;
}

/** Every occurrence of a glossary form in `list` (lower-case words, in order). */
export function findForms(glossary: Glossary, list: readonly string[]): GlossaryMatch[] {
  const out: GlossaryMatch[] = [];
  list.forEach((word, start) => {
    for (const entry of glossary.byFirstWord.get(word) ?? []) {
      for (const form of glossary.entries[entry] as Form[]) {
        if (form.words.every((part, offset) => list[start + offset] === part))
          out.push({ entry, start, end: start + form.words.length });
      }
    }
  });
  return out;
}

/** The other forms of every entry that occurs in `text`: what the search keys add to a name. */
export function otherForms(glossary: Glossary, text: string): string[] {
  // Segmenting Thai is most of the cost; a text without any Thai form cannot match one.
  const thai = hasThai(text) && glossary.thaiForms.some((form) => text.includes(form));
  const list = words(text, thai).map((word) => word.text);
  const out = new Set<string>();
  for (const match of findForms(glossary, list)) {
    const found = list.slice(match.start, match.end).join(' ');
    for (const form of glossary.entries[match.entry] as Form[]) {
      if (form.words.join(' ') !== found) out.add(form.text);
    }
  }
  return [...out];
}

/** An acronym: capitals (and digits) only, perhaps split by spaces, hyphens or dots. */
const acronym = /^[A-Z][A-Z0-9]*(?:[ .-]+[A-Z0-9]+)*$/u;
/** Thai words that start a phrase without belonging to the name after them. */
const thaiLeadIns = new Set([
  'และ',
  'การ',
  'ตาม',
  'ที่',
  'เรื่อง',
  'รับรอง',
  'จัด',
  'ตั้ง',
  'ว่า',
  'ด้วย',
  'ของ',
  'โดย',
]);

/** Pairs of names the text itself gives, from its brackets. */
export function harvest(text: string): string[][] {
  const pairs: string[][] = [];
  for (const match of text.matchAll(/([^\s()]*(?:[ \t]+[^\s()]+)*?)[ \t]*\(([^()\n]{2,80})\)/gu)) {
    const before = match[1] ?? '';
    const inside = (match[2] ?? '').trim();
    if (/\d/u.test(inside) && !/[A-Za-z]{2}/u.test(inside)) continue; // "(1)", "(30 มกราคม 2567)"
    const colon = inside.match(/^(.+?)\s*:\s*(.+)$/u);
    if (colon && acronym.test(colon[2] as string)) {
      pairs.push([colon[1] as string, colon[2] as string]); // (Anti Online Scam Operation Center: AOC)
      pairs.push(...thaiWith(before, colon[1] as string));
    } else if (acronym.test(inside) && !hasThai(before.slice(-1))) {
      // The long form is in the same clause: after the last bracket, colon or line break.
      const clause =
        text
          .slice(0, match.index + before.length)
          .split(/[()\n:;]/u)
          .at(-1) ?? '';
      const long = longFormOf(clause, inside);
      if (long) pairs.push([long, inside]);
    } else {
      pairs.push(...thaiWith(before, inside));
    }
  }
  return pairs;
}

/** "ปฏิญญาสิงคโปร์ (Singapore Declaration)", "กระทรวง…สังคม (ดศ.)": the Thai name before the bracket. */
function thaiWith(before: string, inside: string): string[][] {
  const chunk = before.split(/\s+/u).at(-1) ?? '';
  if (!hasThai(chunk)) return [];
  const parts = words(chunk);
  let first = 0;
  while (first < parts.length - 1 && thaiLeadIns.has((parts[first] as { text: string }).text)) first++;
  // A longer run is a clause, not a name.
  if (parts.length - first > 8) return [];
  const name = chunk.slice(parts[first]?.start ?? 0);
  if (!hasThai(inside)) return /[A-Za-z]{2}/u.test(inside) ? [[name, inside]] : [];
  // A Thai short form: its letters appear in order in the long form (สปป.ลาว, ดศ.).
  const letters = [...inside.replace(/[^\p{Script=Thai}]/gu, '')];
  let at = 0;
  for (const letter of letters) {
    at = name.indexOf(letter, at) + 1;
    if (!at) return [];
  }
  return inside.length < name.length ? [[name, inside]] : [];
}

/**
 * The words before "(ABBR)" whose initials the acronym follows: the longest run of capitalised
 * words (joined by small words) that starts with the acronym's first letter and holds its letters
 * in order, such as "Anti Online Scam Operation Center" for AOC.
 */
export function longFormOf(before: string, abbr: string): string | undefined {
  const tokens = before.split(/\s+/u).filter(Boolean).slice(-12);
  const letters = abbr.replace(/[^A-Z]/gu, '').toLowerCase();
  let best: string | undefined;
  for (let start = tokens.length - 1; start >= 0; start--) {
    const run = tokens.slice(start);
    const content = words(run.join(' ')).filter(isContentWord);
    if (!content.length || !/^\p{Lu}/u.test(run[0] as string)) continue;
    const initials = content.map((word) => word.text[0]).join('');
    if (initials[0] !== letters[0] || !inOrder(letters, initials)) continue;
    if (content.length > letters.length * 2) break;
    best = run.join(' ');
  }
  return best;
}

function inOrder(letters: string, initials: string): boolean {
  let at = 0;
  for (const letter of letters) {
    at = initials.indexOf(letter, at) + 1;
    if (!at) return false;
  }
  return true;
}

/** The reviewed file and what the sources of `dir` give, read once per directory. */
const cache = new Map<string, Glossary>();

/** The glossary of the knowledge base in `dir`: its `glossary.yaml` and its sources' brackets. */
export function glossaryFor(dir: string): Glossary {
  const cached = cache.get(dir);
  if (cached) return cached;
  const lists: string[][] = [];
  const problems: string[] = [];
  const file = join(dir, 'glossary.yaml');
  if (existsSync(file)) {
    try {
      lists.push(...reviewedEntries(file));
    } catch (error) {
      problems.push(`${file}: ${(error as Error).message}`);
    }
  }
  const sources = join(dir, 'sources');
  if (existsSync(sources)) {
    for (const name of readdirSync(sources)
      .filter((name) => name.endsWith('.txt'))
      .sort())
      lists.push(...harvest(readFileSync(join(sources, name), 'utf8')));
  }
  const glossary = glossaryOf(lists, problems);
  cache.set(dir, glossary);
  return glossary;
}

/** The reviewed file: a YAML list of entries, each a list of two or more forms. */
function reviewedEntries(file: string): string[][] {
  const text = readFileSync(file, 'utf8');
  if (text.length > 1024 * 1024) throw new Error('is larger than 1 MiB');
  const parsed: unknown = parse(text) ?? [];
  const valid =
    Array.isArray(parsed) &&
    parsed.every(
      (entry) =>
        Array.isArray(entry) &&
        entry.length >= 2 &&
        entry.every((form) => typeof form === 'string' && form.trim()),
    );
  if (!valid)
    throw new Error(
      `every entry must be a list of two or more names, such as [MOU, memorandum of understanding]`,
    );
  return parsed as string[][];
}
