import { hasThai } from '../search/text.ts';
import { nameKey } from './key.ts';

/**
 * Every form a text may name a known entity by, keyed as texts are (src/suggest/key.ts), with a
 * score and the reason a curator reads: names, Thai names and aliases as the facts files give
 * them; the glossary's other forms of them; demonyms; partial official names. Phrases that hold a
 * name but name something else (data/not-names.yaml) are forms of no entity: they win over the
 * names inside them and are then left out.
 */
export interface LexEntity {
  id: string;
  type: string;
  name: string;
  nameTh?: string;
  aliases: string[];
  iso2?: string;
}

export interface Form {
  key: string;
  text: string;
  /** Null for a not-name. */
  entity: string | null;
  score: number;
  why: string;
  /** Words in capitals ("ASEAN", "US") the text must write in capitals too: "us" is not the US. */
  caps: string[];
}

export interface TrieNode {
  next: Map<string, TrieNode>;
  forms?: Form[];
}

export interface LexiconData {
  entities: LexEntity[];
  /** Glossary entries: forms that mean the same (data/glossary.yaml and the sources' brackets). */
  glossary: string[][];
  /** Country id → demonyms, adjectives and short forms (data/demonyms.yaml). */
  demonyms: Record<string, string[]>;
  notNames: string[];
}

export interface Lexicon {
  root: TrieNode;
  entities: Map<string, LexEntity>;
  /** Keys of every full name and alias, for telling a known acronym from a new one. */
  known: Set<string>;
  forms: number;
}

export const scores = { name: 1, alias: 0.95, glossary: 0.9, demonym: 0.85, partial: 0.8 } as const;

/** Forms shorter than this (in key characters) name nothing reliably. */
const MIN_KEY = 2;

const capsOf = (text: string) =>
  [...text.matchAll(/[\p{L}\p{N}]+/gu)]
    .map((m) => m[0])
    .filter((w) => /^[\p{Lu}\p{N}]*\p{Lu}[\p{Lu}\p{N}]*$/u.test(w) && w.replace(/\p{N}/gu, '').length >= 2);

/** "The ASEAN Working Group…" is found from "ASEAN": a leading "the" is nobody's name. */
const withoutThe = (text: string) => text.trim().replace(/^the\s+/iu, '');

export function buildLexicon(data: LexiconData): Lexicon {
  const entities = new Map(data.entities.map((entity) => [entity.id, entity]));
  const all: Form[] = [];
  const add = (text: string, entity: string | null, score: number, why: string) => {
    const clean = withoutThe(text);
    const key = nameKey(clean);
    if ([...key].length >= MIN_KEY) all.push({ key, text: clean, entity, score, why, caps: capsOf(clean) });
  };
  const listed = (id: string) => new Set((data.demonyms[id] ?? []).map(nameKey));
  for (const entity of entities.values()) {
    add(entity.name, entity.id, scores.name, `name "${entity.name}"`);
    if (entity.nameTh) add(entity.nameTh, entity.id, scores.name, `Thai name "${entity.nameTh}"`);
    for (const alias of entity.aliases) {
      // An ISO code among the aliases ("IN", "MY") is a code, not how texts name the country.
      if (alias === entity.iso2 && !listed(entity.id).has(nameKey(alias))) continue;
      add(alias, entity.id, scores.alias, `alias "${alias}"`);
    }
  }
  const base = all.slice();
  const known = new Set(base.map((form) => form.key));
  const owners = ownersOf(base);
  for (const [id, words] of Object.entries(data.demonyms)) {
    if (!entities.has(id)) continue;
    for (const word of words)
      add(word, id, scores.demonym, `demonym or short form "${word}" (demonyms.yaml)`);
  }
  for (const entry of data.glossary) {
    const ids = new Set(entry.flatMap((form) => [...(owners.get(nameKey(withoutThe(form))) ?? [])]));
    if (ids.size !== 1) continue;
    const [id] = [...ids] as [string];
    const named = entry.find((form) => owners.get(nameKey(withoutThe(form)))?.has(id)) as string;
    for (const form of entry)
      if (!owners.has(nameKey(withoutThe(form))))
        add(form, id, scores.glossary, `glossary: "${form}" = "${named}"`);
  }
  const qualifiers = qualifiersOf(data, entities);
  for (const form of base) {
    for (const partial of partialsOf(form.text, qualifiers))
      add(partial.text, form.entity, scores.partial, `partial name: ${form.why}, ${partial.why}`);
  }
  for (const form of base) {
    for (const variant of ordinalVariants(form, base, owners))
      add(variant.text, form.entity, scores.partial, `${form.why} with ${variant.why}`);
  }
  for (const phrase of data.notNames) add(phrase, null, 0, `not a name: "${phrase}" (not-names.yaml)`);
  const root: TrieNode = { next: new Map() };
  let count = 0;
  for (const form of unambiguous(all, known)) {
    let node = root;
    for (const char of form.key) {
      let child = node.next.get(char);
      if (!child) {
        child = { next: new Map() };
        node.next.set(char, child);
      }
      node = child;
    }
    node.forms = [...(node.forms ?? []), form];
    count++;
  }
  return { root, entities, known, forms: count };
}

function ownersOf(forms: Form[]): Map<string, Set<string>> {
  const owners = new Map<string, Set<string>>();
  for (const form of forms) {
    if (!form.entity) continue;
    const set = owners.get(form.key) ?? new Set();
    set.add(form.entity);
    owners.set(form.key, set);
  }
  return owners;
}

/**
 * A derived form (glossary, demonym, partial name) that another entity's name or alias already
 * is, or that two entities derive alike, proposes nothing: it would be a guess between them.
 */
function unambiguous(forms: Form[], known: Set<string>): Form[] {
  const byKey = new Map<string, Form[]>();
  for (const form of forms) byKey.set(form.key, [...(byKey.get(form.key) ?? []), form]);
  const kept: Form[] = [];
  for (const group of byKey.values()) {
    if (group.some((form) => form.entity === null)) {
      kept.push(...group.filter((form) => form.entity === null));
      continue;
    }
    const direct = group.filter((form) => form.score >= scores.alias);
    if (direct.length || known.has(group[0]?.key as string)) {
      kept.push(...direct);
      continue;
    }
    if (new Set(group.map((form) => form.entity)).size === 1) kept.push(...group);
  }
  return kept;
}

/** Names that qualify another ("ASEAN" in "ASEAN Working Group on…"): one-word names of countries and bodies. */
function qualifiersOf(data: LexiconData, entities: Map<string, LexEntity>) {
  const latin = new Set<string>();
  const thai: string[] = [];
  for (const entity of entities.values()) {
    if (entity.type !== 'Country' && entity.type !== 'Organization') continue;
    for (const label of [
      entity.name,
      entity.nameTh ?? '',
      ...entity.aliases,
      ...(data.demonyms[entity.id] ?? []),
    ]) {
      if (!label || /\s/u.test(label.trim())) continue;
      if (!hasThai(label)) latin.add(nameKey(label));
      else if (entity.type === 'Organization' && label.length <= 12) thai.push(label);
    }
  }
  return { latin, thai };
}

const relatedMeetings = [
  /\s+and\s+(?:other\s+)?related\s+meetings?$/iu,
  /\s*และการประชุม(?:อื่น\s*ๆ\s*)?ที่เกี่ยวข้อง$/u,
];

/**
 * Shorter forms texts use for a long official name: without a trailing "(Singapore)" or "and
 * related meetings", without a leading qualifier ("the Working Group on Anti-Online Scam"), and a
 * Thai name without the body inside it (คณะทำงานด้าน… for คณะทำงานอาเซียนด้าน…).
 */
export function partialsOf(
  text: string,
  qualifiers: { latin: Set<string>; thai: string[] },
): Array<{ text: string; why: string }> {
  const out: Array<{ text: string; why: string }> = [];
  const bracket = /^(.*\S)\s*\(([^()]*)\)$/u.exec(text);
  if (bracket) out.push({ text: bracket[1] as string, why: `without "(${bracket[2]})"` });
  for (const pattern of relatedMeetings) {
    const found = pattern.exec(text);
    if (found) out.push({ text: text.slice(0, found.index), why: `without "${found[0].trim()}"` });
  }
  if (!hasThai(text)) {
    const lead = /^(\S+)\s+(\p{Lu}.*)$/u.exec(text);
    const rest = lead?.[2] ?? '';
    const words = rest.split(/\s+/u).filter((word) => /[\p{L}\p{N}]/u.test(word));
    if (lead && qualifiers.latin.has(nameKey(lead[1] as string)) && words.length >= 3)
      out.push({ text: rest, why: `without "${lead[1]}"` });
    return out;
  }
  for (const qualifier of qualifiers.thai) {
    const at = text.indexOf(qualifier);
    const rest = at > 0 ? text.slice(0, at) + text.slice(at + qualifier.length) : '';
    if (at > 0 && rest.length >= 15) out.push({ text: rest, why: `without "${qualifier}"` });
  }
  return out;
}

/**
 * A numbered meeting named through its series ("ADGSOM ครั้งที่ 5", "5th ADGSOM") is named through
 * every other name of the series too: "การประชุมเจ้าหน้าที่อาวุโสอาเซียนด้านดิจิทัล ครั้งที่ 5", "the 5th
 * ASEAN Digital Senior Officials' Meeting".
 */
function ordinalVariants(form: Form, base: Form[], owners: Map<string, Set<string>>) {
  const thai = /^(.+?)\s*ครั้งที่\s*(\d+)$/u.exec(form.text);
  const latin = /^(\d+)\s*(?:st|nd|rd|th)\s+(.+)$/u.exec(form.text);
  const series = thai?.[1] ?? latin?.[2];
  const number = Number(thai?.[2] ?? latin?.[1]);
  const owner = series ? [...(owners.get(nameKey(series)) ?? [])] : [];
  if (owner.length !== 1 || owner[0] === form.entity) return [];
  const suffix = ['st', 'nd', 'rd'][number - 1] ?? 'th';
  return base
    .filter((other) => other.entity === owner[0])
    .flatMap((other) => [
      { text: `${other.text} ครั้งที่ ${number}`, why: `"${other.text}" for "${series}"` },
      ...(hasThai(other.text)
        ? []
        : [{ text: `${number}${suffix} ${other.text}`, why: `"${other.text}" for "${series}"` }]),
    ]);
}
