import { hasThai, isContentWord, type Word, words } from './text.ts';

/**
 * A field's text as ranking reads it: its words (with Thai or without), those of them that carry
 * meaning, and the text as typed for an exact name. Remembered: the same names come back query after
 * query, and reading them again was most of what ranking allocated per candidate.
 */
export interface ReadText {
  list: Word[];
  content: Word[];
  literal: string;
  thai: boolean;
}

const readCache = [new Map<string, ReadText>(), new Map<string, ReadText>()];
const READ_CACHE = 50_000;

export function readText(text: string, thai: boolean): ReadText {
  const cache = readCache[Number(thai)] as Map<string, ReadText>;
  let out = cache.get(text);
  if (!out) {
    const list = words(text, thai);
    const literal = text.normalize('NFC').trim().toLowerCase();
    out = { list, content: list.filter(isContentWord), literal, thai: hasThai(text) };
    if (cache.size >= READ_CACHE) cache.delete(cache.keys().next().value as string);
    cache.set(text, out);
  }
  return out;
}
