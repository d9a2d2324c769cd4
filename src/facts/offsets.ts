import { normalizeText } from './values.ts';

/**
 * Where quotes are in a source's text, as offsets into the text (UTF-16 code units, as JavaScript
 * strings index): `text.slice(start, end)` is the quote after the validator's normalisation (NFC,
 * runs of whitespace as one space). The text is the file's, NFC; a quote found more than once is
 * located at its first occurrence.
 */
export type Locate = (quote: string) => { start: number; end: number } | null;

export function locator(text: string): Locate {
  // The text with whitespace runs collapsed, and for each of its characters the offset it came from.
  let collapsed = '';
  const origin: number[] = [];
  let space = false;
  for (let at = 0; at < text.length; at++) {
    const char = text[at] as string;
    if (/\s/u.test(char)) {
      space = true;
      continue;
    }
    if (space && collapsed) {
      collapsed += ' ';
      origin.push(at - 1);
    }
    space = false;
    collapsed += char;
    origin.push(at);
  }
  const found = new Map<string, { start: number; end: number } | null>();
  return (quote) => {
    const needle = normalizeText(quote);
    if (!found.has(needle)) {
      const index = needle ? collapsed.indexOf(needle) : -1;
      found.set(
        needle,
        index < 0
          ? null
          : { start: origin[index] as number, end: (origin[index + needle.length - 1] as number) + 1 },
      );
    }
    return found.get(needle) ?? null;
  };
}

/** The page (from 1) that `offset` of a text falls on, given where its pages start; null without pages. */
export function pageAt(starts: readonly number[] | undefined, offset: number): number | null {
  if (!starts?.length) return null;
  let page = 1;
  while (page < starts.length && (starts[page] as number) <= offset) page += 1;
  return page;
}
