/**
 * The form names and texts are compared in: a "key" string with a map back to the text. Latin
 * words are lower-cased, lose a possessive and a plural ("Ministers’" and "minister" meet), and
 * split where letters meet digits ("ADM2025" is "ADM 2025"); Thai is kept as written, Thai digits
 * as ASCII. Spaces, hyphens, dashes and quotes leave nothing, so "WG - AS", "WG-AS" and spacing in
 * Thai all meet; other punctuation stays. A match may only start where a word starts and end where
 * one ends: Latin words end at any other character, Thai words at ICU's word boundaries (which fall
 * between grapheme clusters), so Latin that touches Thai ("ให้ADGSOMจัดทำ") is still a word.
 */
export interface Keyed {
  key: string;
  /** For each key position where a word starts: its offset in the text (UTF-16); else -1. */
  starts: Int32Array;
  /** For each key position where a word ends (its last character): the end offset in the text; else -1. */
  ends: Int32Array;
}

const thaiSegmenter = new Intl.Segmenter('th', { granularity: 'word' });

/** Runs of one kind: Thai, other letters and digits, skipped characters, and any one other character. */
const pieces =
  /(\p{Script=Thai}+)|((?:(?!\p{Script=Thai})[\p{L}\p{M}\p{N}])+(?:['’](?:(?!\p{Script=Thai})[\p{L}\p{M}\p{N}])+)*)|([\s\p{Pd}\p{Pi}\p{Pf}'"`\p{Cf}]+)|([\s\S])/gu;

/** Plural and possessive endings, removed so that "cables", "cable" and "cable's" meet. */
export function singular(word: string): string {
  let w = word.replace(/['’]s$/u, '').replace(/['’]/gu, '');
  if (w.length <= 3 || /\d/u.test(w)) return w;
  if (/ies$/u.test(w) && w.length > 4) return `${w.slice(0, -3)}y`;
  if (/(ss|us|is)$/u.test(w)) return w;
  if (/(sses|xes|ches|shes)$/u.test(w)) return w.slice(0, -2);
  if (w.endsWith('s')) w = w.slice(0, -1);
  return w;
}

/** "Fifth ADGSOM" is the "5th ADGSOM". */
const ordinals: Record<string, string> = Object.fromEntries(
  'first second third fourth fifth sixth seventh eighth ninth tenth'
    .split(' ')
    .map((word, index) => [word, `${index + 1}${['st', 'nd', 'rd'][index] ?? 'th'}`]),
);

/** Letters against digits: "ADM2025" → "ADM", "2025"; "5G" → "5", "G". */
const letterDigit = /\p{N}+|[^\p{N}]+/gu;

export function keyOf(text: string): Keyed {
  const key: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const emit = (chars: string, start: number, end: number, startsWord: boolean, endsWord: boolean) => {
    for (let i = 0; i < chars.length; i++) {
      key.push(chars[i] as string);
      starts.push(startsWord && i === 0 ? start : -1);
      ends.push(endsWord && i === chars.length - 1 ? end : -1);
    }
  };
  for (const piece of text.matchAll(pieces)) {
    const at = piece.index ?? 0;
    const [all, thai, word, skipped] = piece;
    if (thai) emitThai(thai, at, emit);
    else if (word) {
      for (const part of word.matchAll(letterDigit)) {
        const start = at + (part.index ?? 0);
        const lower = part[0].toLowerCase();
        emit(ordinals[lower] ?? singular(lower), start, start + part[0].length, true, true);
      }
    } else if (!skipped) emit(all === '&' ? 'and' : all.toLowerCase(), at, at + all.length, true, true);
  }
  return { key: key.join(''), starts: Int32Array.from(starts), ends: Int32Array.from(ends) };
}

const thaiDigits = '๐๑๒๓๔๕๖๗๘๙';

/**
 * ICU segments a run of Thai in time that grows with the square of its length (130,000 characters
 * without a space took 7.5 s), so a long run is segmented a chunk at a time, each chunk starting
 * where the last word ICU found in the one before ends.
 */
const CHUNK = 1000;
const OVERLAP = 100;

/** Thai word by word as ICU segments it; sara am spelt as nikhahit and sara aa (PDF copies) made one. */
function emitThai(
  run: string,
  at: number,
  emit: (chars: string, start: number, end: number, startsWord: boolean, endsWord: boolean) => void,
) {
  for (let from = 0; from < run.length; ) {
    const last = from + CHUNK + OVERLAP >= run.length;
    let next = run.length;
    for (const segment of thaiSegmenter.segment(
      run.slice(from, last ? run.length : from + CHUNK + OVERLAP),
    )) {
      const index = from + segment.index;
      // Past the chunk, the next one starts here; a chunk always keeps at least one word.
      if (!last && index >= from + CHUNK && index > from) {
        next = index;
        break;
      }
      const start = at + index;
      const text = segment.segment
        .replace(/\u0e4d\u0e32/gu, '\u0e33')
        .replace(/[๐-๙]/gu, (digit) => String(thaiDigits.indexOf(digit)));
      emit(text, start, start + segment.segment.length, true, true);
    }
    from = next;
  }
}

const nameKeys = new Map<string, string>();

/** The key of a name alone, for the lexicon: no offsets needed. Names recur, so keys are kept. */
export function nameKey(name: string): string {
  let key = nameKeys.get(name);
  if (key === undefined) {
    if (nameKeys.size > 100_000) nameKeys.clear();
    key = keyOf(name.normalize('NFC')).key;
    nameKeys.set(name, key);
  }
  return key;
}
