import type { ResultOf } from 'gql.tada';
import { act } from './actions.ts';
import { gql } from './api.ts';
import { sectionAt } from './curate.ts';
import { saved } from './curate-save.ts';
import { attempt, describe } from './curation-result.ts';
import { entityForm, UpsertEntity } from './entity-form.ts';
import { el } from './format.ts';
import { graphql } from './graphql.ts';
import { type Reading, readerOpened } from './reader.ts';
import { relationForm } from './relation-form.ts';
import { curator } from './sign-in.ts';
import { $ } from './state.ts';
import { styleOf } from './styles-by-type.ts';
import { underline } from './underline.ts';

/**
 * Suggestions in the reader, for a curator: what the graph recognises in the text
 * (Source.suggestions) as dotted underlines coloured by type, and relation candidates in a list.
 * Accepting is an ordinary curation write (checked, audited, undoable): a known entity's mention
 * is written at once, a new entity or a relation opens its form filled in. A rejection is kept
 * for the source (data/suggestions/), so the suggestion does not come back.
 */
const SuggestionsQuery = graphql(
  `query Suggestions($id: ID!) { entity(id: $id) { ... on Source {
    suggestions(minScore: 0.4) { id kind start end text entity score why proposal relation }
  } } }`,
);
const EntitiesQuery = graphql(
  `query SuggestedEntities($ids: [ID!]!) { nodes(ids: $ids) { ... on Entity { id name type } } }`,
);
const Reject = graphql(
  `mutation RejectSuggestion($source: ID!, $suggestion: ID!) {
    rejectSuggestion(source: $source, suggestion: $suggestion) { __typename } }`,
);

type Suggestion = NonNullable<
  Extract<ResultOf<typeof SuggestionsQuery>['entity'], { suggestions: unknown }>
>['suggestions'][number];
interface Known {
  name: string;
  type: string;
}

const button = (label: string, onClick: () => void, attributes: Record<string, string> = {}) => {
  const node = el('button', { type: 'button', ...attributes }, label);
  node.addEventListener('click', onClick);
  return node;
};

/** The line (paragraph) around a mention, cut to about 300 characters: the quote a mention cites. */
export function quoteAround(text: string, start: number, end: number): { quote: string; start: number } {
  let from = text.lastIndexOf('\n', start - 1) + 1;
  let to = text.indexOf('\n', end);
  if (to < 0) to = text.length;
  if (to - from > 300) {
    from = Math.max(from, text.lastIndexOf(' ', Math.max(from, start - 150)) + 1);
    const space = text.indexOf(' ', Math.min(to, end + 150));
    to = space < 0 || space > to ? to : space;
  }
  return { quote: text.slice(from, to).trim(), start: from };
}

/**
 * The section a passage is in: the nearest cited passage's, else the number that opens its line
 * or the nearest line before it ("2.1 …", "3) …"); empty when the text numbers nothing.
 */
function sectionOf(reading: Reading, offset: number): string {
  const cited = sectionAt(reading.spans, offset);
  if (cited) return cited;
  const before = reading.text.slice(0, offset).split('\n').reverse();
  for (const line of before) {
    const number = /^\s*(\d+(?:\.\d+)*)[.)]?\s/u.exec(line)?.[1];
    if (number) return number;
  }
  return '';
}

/** Reads the source's suggestions and underlines them; relation candidates go to a list. */
async function showSuggestions(reading: Reading): Promise<void> {
  const data = await gql(SuggestionsQuery, { id: reading.id });
  const all = 'suggestions' in data.entity ? data.entity.suggestions : [];
  const ids = [...new Set(all.filter((s) => s.kind === 'MENTION').map((s) => s.entity))];
  const found = ids.length ? (await gql(EntitiesQuery, { ids })).nodes : [];
  const known = new Map<string, Known>();
  for (const node of found) if (node && 'type' in node) known.set(node.id, node);
  const typeOf = (s: Suggestion) =>
    s.kind === 'MENTION' ? known.get(s.entity)?.type : String((s.proposal as { type?: string })?.type ?? '');
  // Underlined: mentions and new names that do not overlap one before them.
  const underlined: Suggestion[] = [];
  for (const s of [...all].sort((a, b) => a.start - b.start)) {
    if (s.kind === 'RELATION') continue;
    if ((underlined.at(-1)?.end ?? 0) <= s.start) underlined.push(s);
  }
  const body = $('reader-text');
  underline(
    body,
    underlined.map((s) => ({
      start: s.start,
      end: s.end,
      make: () => {
        const span = el('span', {
          class: `suggestion ${s.kind === 'NEW_ENTITY' ? 'new' : 'known'}`,
          style: `text-decoration-color: ${styleOf(typeOf(s) ?? '').color}`,
          title: `${s.kind === 'NEW_ENTITY' ? 'New' : (known.get(s.entity)?.name ?? s.entity)}: ${s.why} (${s.score.toFixed(2)})`,
          'data-suggestion': s.id,
          'data-entity': s.entity,
        });
        span.addEventListener('click', (event) => {
          if (getSelection()?.isCollapsed === false) return; // a drag that selects words curates them
          // Inside a cited passage a click shows the facts it supports, as it always did.
          if (span.closest('mark')) return;
          event.stopPropagation();
          offerSuggestion(reading, s, known);
        });
        return span;
      },
    })),
  );
  const relations = all.filter((s) => s.kind === 'RELATION');
  $('reader-suggestions').replaceChildren(
    el('h3', {}, `Suggestions: ${underlined.length} names, ${relations.length} relations`),
    acceptAll(reading, underlined, known),
    ...(relations.length
      ? [
          el('h4', {}, 'Relation candidates'),
          el(
            'ul',
            {},
            ...relations.map((s) => {
              const { type, from, to } = s.relation as { type: string; from: string; to: string };
              return el(
                'li',
                { 'data-suggestion': s.id },
                button(`${from} —${type}→ ${to}`, () => offerSuggestion(reading, s, known), {
                  class: 'link',
                }),
                el('small', {}, ` ${s.score.toFixed(2)}`),
              );
            }),
          ),
        ]
      : []),
  );
}

/** A suggestion picked in the text or the list: what it says, Accept and Reject. */
function offerSuggestion(reading: Reading, s: Suggestion, known: Map<string, Known>): void {
  const out = el('div', { class: 'curate-result', 'aria-live': 'polite' });
  const name =
    s.kind === 'MENTION'
      ? `${known.get(s.entity)?.name ?? s.entity} (${known.get(s.entity)?.type ?? '?'})`
      : s.kind === 'NEW_ENTITY'
        ? `a new ${String((s.proposal as { type?: string })?.type ?? 'entity')}`
        : 'a relation';
  $('reader-facts').replaceChildren(
    el('h3', {}, 'Suggestion'),
    el(
      'blockquote',
      { class: 'quote' },
      s.kind === 'RELATION' ? String((s.relation as { quote?: string }).quote) : s.text,
    ),
    el('p', {}, `Names ${name}: ${s.why}, score ${s.score.toFixed(2)}.`),
    el(
      'menu',
      {},
      button('Accept', () => void attempt(out, 'Accepting', () => accept(reading, s, known))),
      button(
        'Reject',
        () =>
          void attempt(out, 'Rejecting', async () => {
            await gql(Reject, { source: reading.id, suggestion: s.id });
            for (const node of document.querySelectorAll(`[data-suggestion="${CSS.escape(s.id)}"]`))
              node.replaceWith(...node.childNodes);
            $('reader-facts').replaceChildren(
              el('p', { class: 'hint' }, 'Rejected: it will not be suggested again for this source.'),
            );
          }),
      ),
    ),
    out,
  );
}

/** A known entity's mention is written at once; a new entity or a relation opens its form filled in. */
async function accept(reading: Reading, s: Suggestion, known: Map<string, Known>): Promise<void> {
  const section = sectionOf(reading, s.start);
  if (s.kind === 'RELATION') {
    const { type, from, to, quote } = s.relation as { type: string; from: string; to: string; quote: string };
    return relationForm({ source: reading.id, section, quote }, { type, from, to });
  }
  const { quote } = quoteAround(reading.text, s.start, s.end);
  if (s.kind === 'NEW_ENTITY') {
    const { type, aliasOf, ...props } = (s.proposal ?? {}) as Record<string, unknown> & {
      type?: string;
      aliasOf?: string;
    };
    const id = aliasOf ?? s.entity;
    return entityForm({
      source: reading.id,
      section,
      quote,
      id,
      type,
      props: aliasOf ? { aliases: props.aliases } : props,
    });
  }
  const entity = known.get(s.entity);
  if (!entity || !section) {
    // No section to cite yet (a new source): the form asks for it.
    return entityForm({
      source: reading.id,
      section,
      quote,
      id: s.entity,
      type: entity?.type,
      props: { name: entity?.name },
    });
  }
  const input = {
    source: reading.id,
    id: s.entity,
    type: entity.type,
    section,
    quote,
    props: { name: entity.name },
  };
  await saved((await gql(UpsertEntity, { input, dryRun: false })).upsertEntity);
}

/** Accept every mention above a score: a preview of the writes, then one write per entity. */
function acceptAll(reading: Reading, underlined: Suggestion[], known: Map<string, Known>): HTMLElement {
  const score = el('input', {
    type: 'number',
    min: '0',
    max: '1',
    step: '0.05',
    value: '0.9',
    'aria-label': 'Score',
  });
  const out = el('div', { class: 'curate-result', 'aria-live': 'polite' });
  const writes = () => {
    const first = new Map<string, Suggestion>();
    for (const s of underlined)
      if (
        s.kind === 'MENTION' &&
        s.score >= Number(score.value) &&
        known.has(s.entity) &&
        !first.has(s.entity)
      )
        first.set(s.entity, s);
    return [...first.values()].map((s) => {
      const entity = known.get(s.entity) as Known;
      const input = {
        source: reading.id,
        id: s.entity,
        type: entity.type,
        section: sectionOf(reading, s.start),
        quote: quoteAround(reading.text, s.start, s.end).quote,
        props: { name: entity.name },
      };
      return { s, input };
    });
  };
  const preview = button('Preview accepting all above', () => {
    const planned = writes();
    const ready = planned.filter(({ input }) => input.section);
    out.replaceChildren(
      el(
        'h4',
        {},
        `Preview: ${ready.length} entities would be stated by this source, nothing is written yet`,
      ),
      el(
        'ul',
        {},
        ...planned.map(({ s, input }) =>
          el(
            'li',
            {},
            `${input.id} (${input.type}) from “${s.text}”${input.section ? `, section ${input.section}` : ': no section to cite, skipped'}`,
          ),
        ),
      ),
      button(
        `Accept ${ready.length}`,
        () =>
          void attempt(out, 'Accepting', async () => {
            let last: ResultOf<typeof UpsertEntity> | null = null;
            for (const { input } of ready) last = await gql(UpsertEntity, { input, dryRun: false });
            out.replaceChildren(
              el('p', {}, `Accepted ${ready.length}: each is a change in the history, undoable there.`),
            );
            if (last) out.append(...describe(last.upsertEntity));
          }),
      ),
    );
  });
  return el('div', { class: 'accept-all' }, el('label', {}, 'Score ', score), preview, out);
}

/** Shows suggestions whenever the reader opens a source for a signed-in curator. */
export function initSuggestions(): void {
  readerOpened.push((reading) => {
    $('reader-suggestions').replaceChildren();
    if (curator.name) void act('Reading suggestions', () => showSuggestions(reading));
  });
}
