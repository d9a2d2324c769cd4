/**
 * How readable a page's text is, from 0 (nothing, or nothing but debris) to 1: the share of its
 * characters that are not damage. Damage is what a broken text layer leaves: private-use glyphs,
 * replacement and control characters, Latin-1 symbols where a Thai font had no Unicode map, and
 * Thai marks or vowels that sit on nothing (a tone mark after a space, a leading vowel at a
 * word's end). Correct Thai and English score 1.
 */
export function pageQuality(text: string): number {
  let total = 0;
  let bad = 0;
  let previous = ' ';
  for (const char of text) {
    if (/\s/u.test(char)) {
      if (leadingVowel.test(previous)) bad += 1; // a leading vowel with no consonant after it
      previous = char;
      continue;
    }
    total += 1;
    if (damaged(char, previous)) bad += 1;
    previous = char;
  }
  return total ? Math.round((1 - bad / total) * 1000) / 1000 : 0;
}

const privateUse = /[\uE000-\uF8FF\uFFFD]/u;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
const control = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F]/u;
/** Latin-1 letters and symbols a Thai document has no use for (not ©, °, ×, ·, ½ and such). */
const latin1Debris =
  /[\u00A1-\u00A8\u00AA-\u00AF\u00B1-\u00B6\u00B8-\u00BC\u00BE-\u00D6\u00D8-\u00F6\u00F8-\u00FF]/u;
const thaiMark = /[\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]/u;
/** What a mark may sit on: a consonant, another mark, or a vowel that carries one (ฤ ฦ count). */
const markBase = /[\u0E01-\u0E2E\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]/u;
const leadingVowel = /[\u0E40-\u0E44]/u;

function damaged(char: string, previous: string): boolean {
  if (privateUse.test(char) || control.test(char) || latin1Debris.test(char)) return true;
  if (thaiMark.test(char)) return !markBase.test(previous);
  // A leading vowel is written before its consonant: one at the end of a run is debris.
  if (leadingVowel.test(previous)) return !/[\u0E01-\u0E2E]/u.test(char);
  return false;
}
