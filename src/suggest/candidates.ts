import { createHash } from 'node:crypto';
import { longFormOf } from '../search/glossary.ts';
import type { FixedFields } from './fixed-fields.ts';
import { nameKey } from './key.ts';
import type { Lexicon } from './lexicon.ts';
import type { Mention } from './mentions.ts';

/**
 * Names the graph does not know yet, each with a proposed type: an acronym in brackets (an alias
 * of the entity whose name comes just before it, else a new entity with the long form before it),
 * a capitalised English name with a head word ("… Council", "… Fund"), a Thai name starting with
 * a head (กระทรวง…, คณะทำงาน…, ปฏิญญา…). Scored below known mentions: a curator decides.
 */
export interface NewEntity extends FixedFields {
  /** `entity`: the existing entity the name is an alias of, or the id proposed for a new one. */
  proposal: { type: string; kind?: string; name: string; aliases: string[]; aliasOf?: string };
}

export const candidateScores = { alias: 0.7, acronym: 0.6, thai: 0.5, english: 0.5 } as const;

/** Head words, last word first: the type and kind a name with that head has. */
const englishHeads: Array<[RegExp, string, string?]> = [
  [/^(ministry)$/iu, 'Organization', 'ministry'],
  [
    /^(council|commission|committee|secretariat|authority|agency|association|union|organi[sz]ation)$/iu,
    'Organization',
  ],
  [/^(cent(re|er))$/iu, 'Organization', 'operations-centre'],
  [/^(working group|task force|group)$/iu, 'WorkingGroup'],
  [/^(meeting|summit|forum|dialogue|conference|retreat)$/iu, 'Meeting'],
  [/^(declaration)$/iu, 'Agreement', 'declaration'],
  [/^(statement)$/iu, 'Agreement', 'joint-statement'],
  [/^(mou|memorandum)$/iu, 'Agreement', 'mou'],
  [/^(agreement|partnership|treaty|accord)$/iu, 'Agreement'],
  [/^(work ?plan|plan)$/iu, 'WorkPlan'],
  [/^(framework)$/iu, 'Document', 'framework'],
  [/^(guide|guidelines?)$/iu, 'Document', 'guide'],
  [/^(report|study|review)$/iu, 'Document', 'report'],
  [/^(standard)$/iu, 'Document', 'standard'],
  [/^(masterplan|roadmap|programme|program|initiative|network|strategy)$/iu, 'Initiative'],
  [/^(fund|facility)$/iu, 'Fund'],
  [/^(project)$/iu, 'Project'],
  [/^(act|decree|law|policy)$/iu, 'Policy'],
];

const thaiHeads: Array<[string, string, string?]> = [
  ['บันทึกความเข้าใจ', 'Agreement', 'mou'],
  ['ปฏิญญา', 'Agreement', 'declaration'],
  ['ความตกลง', 'Agreement'],
  ['ถ้อยแถลง', 'Agreement', 'joint-statement'],
  ['กระทรวง', 'Organization', 'ministry'],
  ['คณะกรรมการ', 'Organization'],
  ['สำนักงาน', 'Organization', 'agency'],
  ['ศูนย์', 'Organization', 'operations-centre'],
  ['คณะทำงาน', 'WorkingGroup'],
  ['การประชุม', 'Meeting'],
  ['แผนแม่บท', 'Document'],
  ['แผนการดำเนินการ', 'WorkPlan'],
  ['แผนงาน', 'WorkPlan'],
  ['แผน', 'WorkPlan'],
  ['กรอบ', 'Document', 'framework'],
  ['แนวปฏิบัติ', 'Document', 'guide'],
  ['มาตรฐาน', 'Document', 'standard'],
  ['รายงาน', 'Document', 'report'],
  ['กองทุน', 'Fund'],
  ['โครงการ', 'Project'],
  ['ยุทธศาสตร์', 'Policy', 'national-policy'],
  ['พระราชบัญญัติ', 'Policy', 'law'],
  ['พระราชกำหนด', 'Policy', 'emergency-decree'],
];

/** Thai words that end a name: verbs, particles and prepositions that start the rest of a clause. */
const thaiStops = new Set(
  'ได้ ซึ่ง โดย ที่ ให้ จะ มี เป็น ใน ณ เมื่อ ตาม จาก แล้ว นั้น นี้ คือ ดังกล่าว กับ ต่อ ไป มา ว่า ยัง ก็ เพื่อให้ ภายใต้ สำหรับ รวมทั้ง ได้แก่ ทั้งนี้ อีก'.split(
    ' ',
  ),
);

const thaiSegmenter = new Intl.Segmenter('th', { granularity: 'word' });

const slug = (text: string) =>
  text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/gu, '-')
    .replace(/^-|-$/gu, '')
    .slice(0, 80);

/** The type a name's head word gives, and where the name ends: with its last head word. */
function typeOf(name: string): { type: string; kind?: string; length: number } | undefined {
  const words = [...name.matchAll(/[^\s\p{Pd}]+/gu)];
  for (let i = words.length - 1; i >= 0; i--) {
    const word = words[i] as RegExpExecArray;
    const two = `${words[i - 1]?.[0] ?? ''} ${word[0]}`.trim();
    const length = word.index + word[0].length;
    for (const [pattern, type, kind] of englishHeads) {
      if (pattern.test(two) || pattern.test(word[0])) return { type, ...(kind ? { kind } : {}), length };
    }
  }
  return undefined;
}

/** Every new-name candidate in `text`, given the known mentions already found. */
export function findNewEntities(text: string, mentions: Mention[], lexicon: Lexicon): NewEntity[] {
  const covered = new Int32Array(text.length).fill(-1);
  mentions.forEach((mention, index) => {
    covered.fill(index, mention.start, mention.end);
  });
  const out = [
    ...bracketed(text, mentions, covered, lexicon),
    ...englishNames(text, covered),
    ...thaiNames(text, covered),
  ];
  return out.sort((a, b) => a.start - b.start);
}

function bracketed(text: string, mentions: Mention[], covered: Int32Array, lexicon: Lexicon): NewEntity[] {
  const out: NewEntity[] = [];
  for (const match of text.matchAll(/\(\s*(?:[^():\n]{3,120}:\s*)?([A-Z][A-Za-z0-9&.-]{1,15})\s*\)/gu)) {
    const abbr = match[1] as string;
    if ((abbr.match(/[A-Z]/gu) ?? []).length < 2 || lexicon.known.has(nameKey(abbr))) continue;
    const open = match.index ?? 0;
    const close = open + match[0].length;
    const before = text.slice(Math.max(0, open - 200), open);
    const gap = /\s*$/u.exec(before)?.[0].length ?? 0;
    const at = covered[open - gap - 1] ?? -1;
    const known = at >= 0 ? mentions[at] : undefined;
    if (known && known.end === open - gap) {
      const entity = lexicon.entities.get(known.entity);
      out.push({
        start: known.start,
        end: close,
        text: text.slice(known.start, close),
        entity: known.entity,
        score: candidateScores.alias,
        why: `acronym "${abbr}" in brackets after ${known.why}: an alias of ${known.entity}`,
        proposal: {
          type: entity?.type ?? 'Organization',
          name: entity?.name ?? known.text,
          aliases: [abbr],
          aliasOf: known.entity,
        },
      });
      continue;
    }
    const clause = before.split(/[()\n:;]/u).at(-1) ?? '';
    const long = longFormOf(clause, abbr);
    const start = long ? open - gap - long.length : open;
    const name = long ?? abbr;
    const typed = typeOf(name);
    out.push({
      start: text.slice(start, open - gap) === long ? start : open,
      end: close,
      text: text.slice(start, close),
      entity: slug(abbr),
      score: candidateScores.acronym,
      why: long
        ? `acronym "${abbr}" in brackets after its long form "${long}", which the graph does not know`
        : `acronym "${abbr}" in brackets, which the graph does not know`,
      proposal: {
        type: typed?.type ?? 'Organization',
        ...(typed?.kind ? { kind: typed.kind } : {}),
        name,
        aliases: long ? [abbr] : [],
      },
    });
  }
  return out;
}

const capWord = "(?:\\p{Lu}[\\p{L}\\p{N}'’]*|\\d{4})";
const englishName = new RegExp(
  `${capWord}(?:(?:\\s+|\\s*[-–]\\s*)(?:(?:of|on|for|and|the|in|to|&)\\s+)*${capWord})+`,
  'gu',
);

function englishNames(text: string, covered: Int32Array): NewEntity[] {
  const out: NewEntity[] = [];
  for (const match of text.matchAll(englishName)) {
    const lead = /^(?:(?:The|A|An|In|On|At|By|For)\s+)?/u.exec(match[0])?.[0].length ?? 0;
    const typed = typeOf(match[0].slice(lead));
    if (!typed) continue;
    const start = (match.index ?? 0) + lead;
    const end = start + typed.length;
    const raw = text.slice(start, end);
    // Its head belongs to a known name: it is that entity, or something inside it.
    if (raw.split(/\s+/u).length < 2 || (covered[end - 1] ?? -1) >= 0) continue;
    out.push({
      start,
      end,
      text: raw,
      entity: slug(raw),
      score: candidateScores.english,
      why: `capitalised name with the head word of a ${typed.type}, which the graph does not know`,
      proposal: { type: typed.type, ...(typed.kind ? { kind: typed.kind } : {}), name: raw, aliases: [] },
    });
  }
  return out;
}

const thaiHead = new RegExp(thaiHeads.map(([head]) => head).join('|'), 'gu');

function thaiNames(text: string, covered: Int32Array): NewEntity[] {
  const out: NewEntity[] = [];
  let until = 0;
  for (const match of text.matchAll(thaiHead)) {
    const start = match.index ?? 0;
    if (start < until || (covered[start] ?? -1) >= 0 || !startsThaiWord(text, start)) continue;
    const run = /^[\p{Script=Thai}\p{L}\p{N}.]+/u.exec(text.slice(start, start + 200))?.[0] ?? '';
    const words = [...thaiSegmenter.segment(run)];
    let end = start;
    let count = 0;
    for (const word of words) {
      if (count && thaiStops.has(word.segment)) break;
      if ((covered[start + word.index] ?? -1) >= 0 && count > 1) break;
      end = start + word.index + word.segment.length;
      count++;
    }
    const head = thaiHeads.find(([h]) => h === match[0]) as [string, string, string?];
    if (count < 3 || end - start > 120) continue;
    until = end;
    const name = text.slice(start, end);
    out.push({
      start,
      end,
      text: name,
      entity: `new-${createHash('sha256').update(name).digest('hex').slice(0, 10)}`,
      score: candidateScores.thai,
      why: `Thai name starting with "${head[0]}", which the graph does not know`,
      proposal: { type: head[1], ...(head[2] ? { kind: head[2] } : {}), name, aliases: [] },
    });
  }
  return out;
}

/** Whether a Thai word starts at `at`, as ICU segments the Thai around it (Thai has no spaces). */
function startsThaiWord(text: string, at: number): boolean {
  let from = at;
  while (from > 0 && at - from < 40 && /\p{Script=Thai}/u.test(text[from - 1] as string)) from--;
  if (from === at) return true;
  for (const segment of thaiSegmenter.segment(text.slice(from, at + 40)))
    if (from + segment.index >= at) return from + segment.index === at;
  return false;
}
