import { stemmer } from 'stemmer';

/**
 * Words as search reads them, in the query and in what is searched alike: Latin words and numbers
 * split at anything else, Thai segmented into words by the ICU dictionary (Thai has no spaces),
 * lower case, English words with their Porter stem (the stemmer of Lucene's `english` analyzer).
 */
export interface Word {
  text: string;
  stem: string;
  thai: boolean;
  /** Where the word is in the string it came from, for marking it. */
  start: number;
  end: number;
}

const thaiScript = /\p{Script=Thai}/u;
const segmenter = new Intl.Segmenter('th', { granularity: 'word' });
/** Letters, marks and digits, with apostrophes inside ("ASEAN's"); anything else separates. */
const wordRun = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*/gu;
/** Plurals the Porter stemmer leaves alone. */
const irregular: Record<string, string> = { children: 'child', people: 'person', women: 'woman', men: 'man' };

function push(out: Word[], raw: string, start: number) {
  const text = raw.toLowerCase();
  const thai = thaiScript.test(text);
  const stem = thai ? text : (Object.hasOwn(irregular, text) && irregular[text]) || stemmer(text);
  out.push({ text, stem, thai, start, end: start + raw.length });
}

/**
 * The words of `text`. With `thai` false, Thai is skipped rather than segmented: a query without
 * Thai cannot match a Thai word, and segmenting is most of the cost of reading a field.
 */
export function words(text: string, thai = true): Word[] {
  const out: Word[] = [];
  for (const run of text.matchAll(wordRun)) {
    const start = run.index ?? 0;
    if (thaiScript.test(run[0])) {
      if (!thai) continue;
      for (const segment of segmenter.segment(run[0])) {
        if (segment.isWordLike) push(out, segment.segment, start + segment.index);
      }
      continue;
    }
    // "ASEAN's" is ASEAN, as Lucene's possessive filter reads it; "don't" stays one word.
    const body = run[0].replace(/['’]s$/iu, '');
    let offset = 0;
    for (const part of body.split(/['’]/u)) {
      if (part) push(out, part, start + offset);
      offset += part.length + 1;
    }
  }
  return out;
}

/** Words a query may leave out: they carry no meaning of their own, in either language. */
export const stopWords = new Set([
  ...'a an and are as at be by for from in into is it of on or the to with between its their this that'.split(
    ' ',
  ),
  ...[
    'การ',
    'ความ',
    'และ',
    'หรือ',
    'ของ',
    'ใน',
    'ที่',
    'กับ',
    'แก่',
    'แห่ง',
    'เพื่อ',
    'โดย',
    'จาก',
    'ซึ่ง',
    'ได้',
    'ให้',
    'ไป',
    'มา',
  ],
]);

export const hasThai = (text: string) => thaiScript.test(text);

export const isContentWord = (word: Word) => !stopWords.has(word.text);
