import type { FixedFields } from './fixed-fields.ts';
import type { Keyed } from './key.ts';
import type { Form, Lexicon } from './lexicon.ts';

/** A span of the text that names a known entity. */
export interface Mention extends FixedFields {
  /** Other entities the same form names, if any: the curator picks. */
  also?: string[];
}

interface Found {
  start: number;
  end: number;
  forms: Form[];
}

/** A currency sign right after a name makes it money: "US$", "S$". */
const currency = /^\s?[$€£¥฿]/u;

/**
 * Every known name in `text`: at each place a word starts, the lexicon's trie is walked along the
 * key, and every form that ends where a word ends is a candidate. Of overlapping candidates the
 * longest wins ("ASEAN Digital Ministers' Meeting" over "ASEAN", ไทยดี over ไทย), then the
 * earlier; not-names win like any other and are dropped after.
 */
export function findMentions(text: string, keyed: Keyed, lexicon: Lexicon): Mention[] {
  const found: Found[] = [];
  const { key, starts, ends } = keyed;
  for (let i = 0; i < key.length; i++) {
    const start = starts[i] as number;
    if (start < 0) continue;
    let node = lexicon.root.next.get(key[i] as string);
    for (let j = i; node; ) {
      const end = ends[j] as number;
      if (node.forms && end >= 0) {
        const forms = node.forms.filter((form) => capsHold(form, text.slice(start, end)));
        if (forms.length) found.push({ start, end, forms });
      }
      j++;
      node = j < key.length ? node.next.get(key[j] as string) : undefined;
    }
  }
  found.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const taken = new Uint8Array(text.length);
  const mentions: Mention[] = [];
  for (const candidate of found) {
    if (taken.subarray(candidate.start, candidate.end).includes(1)) continue;
    taken.fill(1, candidate.start, candidate.end);
    const mention = mentionOf(text, candidate);
    if (mention) mentions.push(mention);
  }
  return mentions.sort((a, b) => a.start - b.start);
}

function capsHold(form: Form, written: string): boolean {
  return form.caps.every((word) => written.includes(word));
}

function mentionOf(text: string, { start, end, forms }: Found): Mention | undefined {
  if (forms.some((form) => form.entity === null)) return undefined;
  if (currency.test(text.slice(end, end + 2))) return undefined;
  const best = new Map<string, Form>();
  for (const form of forms) {
    const entity = form.entity as string;
    const held = best.get(entity);
    if (!held || form.score > held.score) best.set(entity, form);
  }
  const ranked = [...best.values()].sort(
    (a, b) => b.score - a.score || ((a.entity as string) < (b.entity as string) ? -1 : 1),
  );
  const [first, ...others] = ranked as [Form, ...Form[]];
  return {
    start,
    end,
    text: text.slice(start, end),
    entity: first.entity as string,
    score: first.score,
    why: first.why,
    ...(others.length ? { also: others.map((form) => form.entity as string) } : {}),
  };
}
