import { act } from './actions.ts';
import type { Provenance } from './api.ts';
import { el, sourceLabel } from './format.ts';
import { openSource } from './reader.ts';

export { sourceLabel } from './format.ts';

/**
 * A quote in its source's language (Thai or English), then the source and section it comes from,
 * and a button that opens the source at the quote.
 */
export function provenanceParts(p: Provenance): Array<HTMLElement | string> {
  const read = el('button', { type: 'button', class: 'link read-source' }, 'Read in source');
  const at = p.start !== null && p.end !== null ? { start: p.start, end: p.end } : undefined;
  read.addEventListener('click', () => void act('Opening source', () => openSource(p.source.id, at)));
  return [
    el('blockquote', p.source.language ? { lang: p.source.language } : {}, p.quote),
    el(
      'cite',
      {},
      `${sourceLabel(p.source)}${p.section ? ` — section ${p.section}` : ''}${p.page ? `, page ${p.page}` : ''}`,
    ),
    // Inline after the citation: without a space it reads "section 5.2Read in source".
    ' ',
    read,
  ];
}

/** Each quote with its source's title, date and section. */
export function provenanceList(entries: Provenance[]): HTMLElement {
  return el('ul', { class: 'provenance' }, ...entries.map((p) => el('li', {}, ...provenanceParts(p))));
}
