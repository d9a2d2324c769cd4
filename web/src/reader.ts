import type { ResultOf } from 'gql.tada';
import { act } from './actions.ts';
import { ENTITY, type Entity, gql } from './api.ts';
import { placeAll } from './canvas-ops.ts';
import { el, sourceLabel } from './format.ts';
import { graphql } from './graphql.ts';
import { showPage } from './page-view.ts';
import { $ } from './state.ts';

/**
 * The source reader: a source's full text, laid out as in the source, every quoted span
 * highlighted (deeper where spans overlap). Clicking a span lists the facts that cite it, each one
 * click from the graph.
 */
const ReaderQuery = graphql(
  `query Reader($id: ID!, $after: String) {
    entity(id: $id) {
      id
      ... on Source {
        name
        nameTh
        date
        language
        text
        spans(first: 100, after: $after) {
          pageInfo { hasNextPage endCursor }
          nodes {
            start
            end
            section
            page
            entity { ...EntityFields }
            relation { id type from to }
          }
        }
      }
    }
  }`,
  [ENTITY],
);

const EndsQuery = graphql(
  `query Ends($ids: [ID!]!) { nodes(ids: $ids) { ... on Entity { ...EntityFields } } }`,
  [ENTITY],
);

const SourcesQuery = graphql(`query Sources { sources(first: 100) { nodes { id name date } } }`);

export type Span = {
  start: number;
  end: number;
  section: string | null;
  page: number | null;
  entity: { id: string; name: string; type: string } | null;
  relation: { id: string; type: string; from: string; to: string } | null;
};

/** The source the reader shows: curation reads its text and spans. */
export interface Reading {
  id: string;
  text: string;
  spans: Span[];
}
let reading: Reading | null = null;
export const currentSource = (): Reading | null => reading;

/**
 * What the reader offers beside each fact a passage supports; curation adds its buttons here
 * (web/src/curate.ts) when a curator is signed in.
 */
export const factActions: Array<(span: Span, sourceId: string) => HTMLElement[]> = [];

/** What else shows a source once the reader has laid out its text (suggestions, for a curator). */
export const readerOpened: Array<(reading: Reading) => void> = [];

/** Opens the reader on a source; with `focus`, the span at that offset is scrolled to and marked. */
export async function openSource(id: string, focus?: { start: number; end: number }): Promise<void> {
  const spans: Span[] = [];
  let after: string | null = null;
  let source: {
    name: string;
    nameTh?: string | null;
    date?: string | null;
    language?: string | null;
    text: string;
  } | null = null;
  do {
    const data: ResultOf<typeof ReaderQuery> = await gql(ReaderQuery, { id, after });
    const entity = data.entity;
    if (!('text' in entity)) throw new Error(`${id} is not a source`);
    source = entity;
    spans.push(...entity.spans.nodes);
    after = entity.spans.pageInfo.hasNextPage ? entity.spans.pageInfo.endCursor : null;
  } while (after);
  if (!source) return;
  reading = { id, text: source.text, spans };
  $('reader-page').hidden = true;
  const dialog = $<HTMLDialogElement>('reader');
  $('reader-title').textContent = sourceLabel({ name: source.name, date: source.date });
  const body = $('reader-text');
  if (source.language) body.setAttribute('lang', source.language);
  // Every entity the source names has a span of its own: their names label the relations too.
  const names = new Map(spans.flatMap((span) => (span.entity ? [[span.entity.id, span.entity.name]] : [])));
  body.replaceChildren(...render(source.text, spans, (covering, mark) => showFacts(covering, mark, names)));
  $('reader-facts').replaceChildren(
    el('p', { class: 'hint' }, 'Click a highlighted passage to see the facts it supports.'),
    el('p', { class: 'hint curator-only' }, 'Select words to state a new fact they support.'),
  );
  for (const opened of readerOpened) opened(reading);
  if (!dialog.open) dialog.showModal();
  const target = focus
    ? (body.querySelector<HTMLElement>(`mark[data-start="${focus.start}"]`) ??
      [...body.querySelectorAll<HTMLElement>('mark')].find(
        (mark) => Number(mark.dataset.start) >= focus.start,
      ))
    : null;
  if (target) {
    target.classList.add('focus');
    target.scrollIntoView({ block: 'center' });
    target.click();
  }
}

/**
 * The text cut at every span boundary; each piece inside spans is a <mark> whose depth says how many
 * spans cover it, so overlapping spans stay readable. Built as DOM text, never as HTML.
 */
function render(text: string, spans: Span[], onPick: (covering: Span[], mark: HTMLElement) => void) {
  const cuts = [...new Set([0, text.length, ...spans.flatMap((span) => [span.start, span.end])])].sort(
    (a, b) => a - b,
  );
  const out: Array<string | HTMLElement> = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const [from, to] = [cuts[i] as number, cuts[i + 1] as number];
    const covering = spans.filter((span) => span.start <= from && span.end >= to);
    const piece = text.slice(from, to);
    if (!covering.length) {
      out.push(piece);
      continue;
    }
    const mark = el(
      'mark',
      {
        class: `span depth-${Math.min(covering.length, 3)}`,
        tabindex: '0',
        'data-start': String(from),
        title: `${covering.length} fact${covering.length > 1 ? 's' : ''} cite this`,
      },
      piece,
    );
    // A drag that selects words (to curate them) is not a pick.
    const pick = () => {
      if (getSelection()?.isCollapsed !== false) onPick(covering, mark);
    };
    mark.addEventListener('click', pick);
    mark.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') pick();
    });
    out.push(mark);
  }
  return out;
}

/** The facts a passage supports, each with a button that puts it on the canvas. */
function showFacts(covering: Span[], mark: HTMLElement, names: Map<string, string>): void {
  for (const other of document.querySelectorAll('#reader-text mark.picked')) other.classList.remove('picked');
  mark.classList.add('picked');
  const items = covering.map((span) => {
    const button = el('button', { type: 'button', class: 'link' }, '');
    if (span.entity) {
      const entity = span.entity;
      button.textContent = `${entity.name} (${entity.type})`;
      button.addEventListener('click', () => void act('Adding', () => placeAndClose([entity.id])));
    } else if (span.relation) {
      const relation = span.relation;
      const name = (id: string) => names.get(id) ?? id;
      button.textContent = `${name(relation.from)} —${relation.type}→ ${name(relation.to)}`;
      button.addEventListener(
        'click',
        () => void act('Adding', () => placeAndClose([relation.from, relation.to])),
      );
    }
    const sourceId = reading?.id ?? '';
    return el(
      'li',
      {},
      button,
      span.section ? el('small', {}, ` section ${span.section}`) : '',
      span.page ? el('small', { class: 'page' }, ` page ${span.page}`) : '',
      ...factActions.flatMap((actions) => actions(span, sourceId)),
    );
  });
  $('reader-facts').replaceChildren(el('h3', {}, 'Facts citing this passage'), el('ul', {}, ...items));
  // A source imported from a PDF or a scan shows the passage on its original page too.
  const first = covering.find((span) => span.page);
  if (first?.page && reading)
    void act('Showing the page', () => showPage(reading?.id ?? '', first.page ?? 1, first));
}

/** Puts entities on the canvas and closes the reader. */
export async function placeAndClose(ids: string[]): Promise<void> {
  const data = await gql(EndsQuery, { ids });
  $<HTMLDialogElement>('reader').close();
  await placeAll(data.nodes.filter((node): node is Entity => node !== null && 'name' in node));
}

/** The toolbar's Sources button: every source with its date, each opening the reader. */
export function initReader(): void {
  $('reader-close').addEventListener('click', () => $<HTMLDialogElement>('reader').close());
  $('sources').addEventListener(
    'click',
    () =>
      void act('Loading sources', async () => {
        const data = await gql(SourcesQuery);
        const list = $('sources-list');
        list.replaceChildren(
          ...data.sources.nodes.map((source) => {
            const button = el('button', { type: 'button', class: 'link' }, sourceLabel(source));
            button.addEventListener('click', () => {
              // A source picked, the list goes: left open, it would cover the canvas.
              list.hidden = true;
              void act('Opening source', () => openSource(source.id));
            });
            return el('li', {}, button);
          }),
        );
        list.hidden = !list.hidden;
      }),
  );
}
