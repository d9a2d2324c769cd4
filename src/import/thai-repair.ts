/**
 * Repairs of the Thai that PDF text layers and OCR give back. Thai fonts draw a tone mark or an
 * upper vowel as a glyph of its own, often a shifted one from the private-use area, and the tools
 * that read the layer see gaps between glyphs as spaces: "เป็ น" for "เป็น", "ส ํา" for "สำ".
 * Each rule below undoes one such damage and nothing that correct Thai ever contains.
 */

/** Upper and lower vowels, tone marks and the other marks drawn on a consonant. */
const mark = '\u0E31\u0E34-\u0E3A\u0E47-\u0E4E';
const upperMark = '\u0E31\u0E34-\u0E37\u0E47-\u0E4E';
/** Vowels that follow their consonant and cannot begin a word (ะ า ำ ๅ). */
const followingVowel = '\u0E30\u0E32\u0E33\u0E45';
/** Vowels written before their consonant (เ แ โ ใ ไ): a word never ends with one. */
const leadingVowel = '\u0E40-\u0E44';
const consonant = '\u0E01-\u0E2E';
const thaiLetter = '\u0E01-\u0E30\u0E32\u0E33\u0E40-\u0E46';
/** Consonants with a tall stem (ป ฝ ฟ ฬ): fonts shift the marks above them left, as a glyph apart. */
const tallConsonant = '\u0E1B\u0E1D\u0E1F\u0E2C';
const toneMark = '\u0E48-\u0E4B';

/**
 * The private-use glyphs of the common Thai fonts (the Microsoft and Adobe layout of U+F700–F71A
 * that TH Sarabun, Angsana, Cordia and Tahoma share): shifted tone marks and vowels, and the two
 * consonants drawn without their lower tail.
 */
const privateUse: Record<string, string> = {
  '\uF700': '\u0E10', // ฐ without its tail
  '\uF701': '\u0E34',
  '\uF702': '\u0E35',
  '\uF703': '\u0E36',
  '\uF704': '\u0E37',
  '\uF705': '\u0E48',
  '\uF706': '\u0E49',
  '\uF707': '\u0E4A',
  '\uF708': '\u0E4B',
  '\uF709': '\u0E4C',
  '\uF70A': '\u0E48',
  '\uF70B': '\u0E49',
  '\uF70C': '\u0E4A',
  '\uF70D': '\u0E4B',
  '\uF70E': '\u0E4C',
  '\uF70F': '\u0E0D', // ญ without its tail
  '\uF710': '\u0E31',
  '\uF711': '\u0E4D',
  '\uF712': '\u0E47',
  '\uF713': '\u0E48',
  '\uF714': '\u0E49',
  '\uF715': '\u0E4A',
  '\uF716': '\u0E4B',
  '\uF717': '\u0E4C',
  '\uF718': '\u0E38',
  '\uF719': '\u0E39',
  '\uF71A': '\u0E3A',
};

const spaceBeforeMark = new RegExp(`[ \\t]+(?=[${mark}${followingVowel}])`, 'gu');
const spaceAfterLeadingVowel = new RegExp(`([${leadingVowel}])[ \\t]+(?=[${consonant}])`, 'gu');
const spaceAfterShiftedMark = new RegExp(
  `([${tallConsonant}][${upperMark}]+)[ \\t]+(?=[${thaiLetter}])`,
  'gu',
);
const toneBeforeVowel = new RegExp(`([${toneMark}])([\\u0E31\\u0E34-\\u0E37\\u0E47])`, 'gu');

/**
 * Bytes of TIS-620 read as Latin-1: a Thai font without a Unicode map gives "¡ÒÃ»ÃÐªØÁ" for
 * "การประชุม". A run of them becomes Thai again (TIS-620 0xA1–0xFB is U+0E01–U+0E5B).
 */
const tis620AsLatin1 = /[\u00A1-\u00FB]{3,}/gu;

/** The repaired text of one line or page; line breaks are left where they are. */
export function repairThai(text: string): string {
  return text
    .replace(/[\uF700-\uF71A]/gu, (glyph) => privateUse[glyph] ?? glyph)
    .replace(tis620AsLatin1, (run) =>
      [...run].map((char) => String.fromCharCode(char.charCodeAt(0) - 0xa0 + 0xe00)).join(''),
    )
    .replace(spaceBeforeMark, '')
    .replace(spaceAfterLeadingVowel, '$1')
    .replace(spaceAfterShiftedMark, '$1')
    .replace(toneBeforeVowel, '$2$1')
    .replace(/\u0E4D([\u0E48-\u0E4B]?)\u0E32/gu, '$1\u0E33') // NIKHAHIT + SARA AA is SARA AM
    .normalize('NFC');
}

const endsThai = new RegExp(`[${thaiLetter}${mark}\\u0E2F\\u0E46]$`, 'u');
const startsThai = new RegExp(`^[${thaiLetter}]`, 'u');
/** A line that begins a new item: "2.1.3", "(1)", "-", "•", "ข้อ 4". */
const startsItem = /^(?:\d+(?:\.\d+)*\.?\s|\(\d+\)|[-•*]\s|ข้อ\s?\d)/u;

/** How wide a line looks: marks above and below take no room of their own. */
function width(line: string): number {
  return line.replace(new RegExp(`[${mark}]`, 'gu'), '').length;
}

/**
 * The lines of a page (or of several, in order) joined into paragraphs. A line as wide as the
 * page's text ends where the layout wrapped it: it joins the next one, Thai to Thai without a
 * space (Thai has none between words), anything else with one. A shorter line, a blank line or a
 * line that opens an item ends a paragraph. Returns the paragraphs, one per line.
 */
export function joinWrappedLines(lines: readonly string[]): string {
  const kept = lines.map((line) => line.trim());
  const widest = Math.max(0, ...kept.map(width));
  let out = '';
  kept.forEach((line, index) => {
    if (!line) {
      if (out && !out.endsWith('\n')) out += '\n';
      return;
    }
    if (!out || out.endsWith('\n')) {
      out += line;
    } else {
      const previous = kept[index - 1] ?? '';
      const wrapped = width(previous) >= 0.8 * widest && !startsItem.test(line);
      if (!wrapped) out += `\n${line}`;
      else out += endsThai.test(previous) && startsThai.test(line) ? line : ` ${line}`;
    }
  });
  return out;
}
