import type { Provenance } from './api.ts';
import { el, formatDate } from './format.ts';

/** "Cabinet resolution…, 9 July 2024": a source as people cite it. */
export function sourceLabel(source: { name: string; date?: string | null }): string {
  return `${source.name}${source.date ? `, ${formatDate(source.date)}` : ''}`;
}

/** A quote in its source's language (Thai or English), then the source and section it comes from. */
export function provenanceParts(p: Provenance): HTMLElement[] {
  return [
    el('blockquote', p.source.language ? { lang: p.source.language } : {}, p.quote),
    el('cite', {}, `${sourceLabel(p.source)}${p.section ? ` — section ${p.section}` : ''}`),
  ];
}

/** Each quote with its source's title, date and section. */
export function provenanceList(entries: Provenance[]): HTMLElement {
  return el('ul', { class: 'provenance' }, ...entries.map((p) => el('li', {}, ...provenanceParts(p))));
}
