import { parse } from 'yaml';
import { gql } from './api.ts';
import { button, type Citation, field } from './curate-fields.ts';
import { saved } from './curate-save.ts';
import { attempt, RESULT } from './curation-result.ts';
import { entityForm } from './entity-form.ts';
import { el } from './format.ts';
import { graphql } from './graphql.ts';
import { currentSource, factActions, type Span } from './reader.ts';
import { relationForm } from './relation-form.ts';
import { curator } from './sign-in.ts';
import { $ } from './state.ts';

/**
 * Curation in the reader. Select words of the source and state the relation or entity they support:
 * the selection is the quote, the section is the one the nearest cited passage before it has, and
 * types, kinds and statuses are choices from the ontology. Preview shows what a write would change;
 * Save writes it (facts file, graph, audit log), then offers Show in graph and Undo. Each fact a
 * passage supports can be retracted with a reason, and an entity edited. The forms are in
 * relation-form.ts and entity-form.ts, built of curate-fields.ts, saved through curate-save.ts.
 */
const RetractFact = graphql(
  `mutation RetractFact($id: ID!, $reason: String!) { retractFact(id: $id, reason: $reason) { ...CurationFields } }`,
  [RESULT],
);
const FactQuery = graphql(`query Fact($id: ID!) { fact(id: $id) { version lines } }`);

/** The selection in the reader as offsets into the source's text, without white space at its ends. */
function selectedOffsets(body: HTMLElement, text: string): { start: number; end: number } | null {
  const selection = getSelection();
  if (!selection || selection.isCollapsed || !selection.rangeCount) return null;
  const range = selection.getRangeAt(0);
  if (!body.contains(range.commonAncestorContainer)) return null;
  // The reader's text is the source's, cut into text nodes and marks: lengths are offsets.
  const before = document.createRange();
  before.setStart(body, 0);
  before.setEnd(range.startContainer, range.startOffset);
  let start = before.toString().length;
  let end = start + range.toString().length;
  while (start < end && /\s/.test(text[start] as string)) start++;
  while (end > start && /\s/.test(text[end - 1] as string)) end--;
  return end > start ? { start, end } : null;
}

/** The section of the nearest cited passage at or before `offset`. */
export function sectionAt(spans: Span[], offset: number): string {
  let best: Span | undefined;
  for (const span of spans) {
    if (span.section && span.start <= offset && (!best || span.start > best.start)) best = span;
  }
  return best?.section ?? '';
}

function offer(citation: Citation): void {
  const out = el('div', { class: 'curate-result', 'aria-live': 'polite' });
  const open = (form: () => Promise<void>) => () => void attempt(out, 'Opening the form', form);
  $('reader-facts').replaceChildren(
    el('h3', {}, 'State a fact'),
    el('blockquote', { class: 'quote' }, citation.quote),
    el(
      'menu',
      {},
      button(
        'New relation',
        open(() => relationForm(citation)),
      ),
      button(
        'New entity',
        open(() => entityForm({ ...citation, props: nameFrom(citation.quote) })),
      ),
    ),
    out,
  );
}

/** A short selection is most likely a name: in Thai script it is the Thai name. */
function nameFrom(quote: string): Record<string, unknown> {
  if (quote.length > 80) return {};
  return /[\u0E00-\u0E7F]/.test(quote) ? { nameTh: quote } : { name: quote };
}

/** An entity as its facts file states it, in the entity form. */
async function editEntity(fact: string, source: string): Promise<void> {
  const data = await gql(FactQuery, { id: fact });
  if (!data.fact) throw new Error(`${fact} is no longer in its facts file: reopen the source.`);
  const [item] = parse(data.fact.lines) as Array<Record<string, unknown>>;
  const { id, type, section, quote, rank: _rank, ...props } = item ?? {};
  await entityForm({
    source,
    id: String(id),
    type: String(type),
    section: String(section),
    quote: String(quote),
    props,
    version: data.fact.version,
  });
}

function retractForm(item: HTMLElement, fact: string): void {
  const reason = el('input', { required: '', placeholder: 'e.g. the text says proposed, not agreed' });
  const out = el('div', { class: 'curate-result', 'aria-live': 'polite' });
  const form = el(
    'form',
    { class: 'retract-form' },
    field('Reason', reason),
    el('button', { type: 'submit' }, 'Retract'),
    out,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void attempt(out, 'Retracting', async () => {
      const { retractFact } = await gql(RetractFact, { id: fact, reason: reason.value.trim() });
      await saved(retractFact, `Retracted as change #${retractFact.event.seq}`);
    });
  });
  item.append(form);
  reason.focus();
}

export function initCuration(): void {
  const body = $('reader-text');
  const onSelect = () => {
    const reading = currentSource();
    if (!curator.name || !reading) return;
    const offsets = selectedOffsets(body, reading.text);
    if (!offsets) return;
    offer({
      source: reading.id,
      section: sectionAt(reading.spans, offsets.start),
      quote: reading.text.slice(offsets.start, offsets.end),
    });
  };
  // A drag that starts in the text may end anywhere: the mouse is let go outside it as often.
  let dragging = false;
  body.addEventListener('mousedown', () => {
    dragging = true;
  });
  document.addEventListener('mouseup', () => {
    if (dragging) onSelect();
    dragging = false;
  });
  body.addEventListener('keyup', (event) => {
    if (event.shiftKey) onSelect();
  });
  factActions.push((span, source) => {
    if (!curator.name) return [];
    const fact = `${source}#${span.entity?.id ?? span.relation?.id}`;
    const retract = button('Retract', () => retractForm(retract.parentElement as HTMLElement, fact), {
      class: 'link',
    });
    if (!span.entity) return [retract];
    const out = el('span');
    const edit = button('Edit', () => void attempt(out, 'Opening', () => editEntity(fact, source)), {
      class: 'link',
    });
    return [edit, retract, out];
  });
}
