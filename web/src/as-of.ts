import './as-of.css';
import { act } from './actions.ts';
import { gql, inBatches } from './api.ts';
import { asOf } from './as-of-state.ts';
import { el } from './format.ts';
import { graphql } from './graphql.ts';
import { $, cy } from './state.ts';
import { changed } from './url-state.ts';

const RangeQuery = graphql(`query SourceDates {
  first: sources(first: 1, orderBy: { field: DATE, order: ASC }) { nodes { date } }
  last: sources(first: 1, orderBy: { field: DATE, order: DESC }) { nodes { date } }
}`);
const KnownQuery = graphql(`query KnownThen($ids: [ID!]!, $asOf: Date!) {
  nodes(ids: $ids, asOf: $asOf) { ... on Entity { id relations(first: 100) { nodes { id } } } }
}`);

const DAY = 86_400_000;
const dayOf = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);
const dayNumber = (date: string) => Math.round(Date.parse(`${date}T00:00:00Z`) / DAY);

/**
 * A date slider from the day before the first source to the day of the last: moved, the canvas
 * shows what the sources knew then (docs/design/as-of.md). What is not known yet fades out; the
 * day goes into the link (`at`), and at the last day the slider means the graph now.
 */
export async function initAsOf(): Promise<void> {
  cy.style().selector('.unknown-then').style({ opacity: 0.12 }).update();
  const data = await gql(RangeQuery);
  const first = data.first.nodes[0]?.date;
  const last = data.last.nodes[0]?.date;
  if (!first || !last) return;
  const slider = el('input', {
    type: 'range',
    id: 'as-of-date',
    min: String(dayNumber(first) - 1),
    max: String(dayNumber(last)),
    step: '1',
    'aria-describedby': 'as-of-shown',
  });
  const { date } = asOf;
  slider.value = String(date ? Math.min(dayNumber(date), dayNumber(last)) : dayNumber(last));
  const output = el('output', { id: 'as-of-shown', for: 'as-of-date' });
  const box = $('as-of');
  box.replaceChildren(el('label', { for: 'as-of-date' }, 'As of'), slider, output);
  box.hidden = false;
  const moved = () => {
    const day = Number(slider.value);
    asOf.date = day >= Number(slider.max) ? null : dayOf(day);
    void act('Dating', show);
  };
  slider.addEventListener('change', moved);
  slider.addEventListener('input', () => {
    output.textContent = `${dayOf(Number(slider.value))}…`;
  });
  // What is placed later (search, expand) is dated too, once the canvas settles.
  let pending: ReturnType<typeof setTimeout> | undefined;
  cy.on('add', () => {
    if (!asOf.date) return;
    clearTimeout(pending);
    pending = setTimeout(() => void act('Dating', show), 150);
  });
  await show();
}

/** Fades what the sources of `asOf.date` do not know; with no date, nothing. */
async function show(): Promise<void> {
  const date = asOf.date;
  const ids = cy.nodes().map((node) => node.id());
  const known = date ? await knownThen(ids, date) : null;
  if (date !== asOf.date) return; // moved again meanwhile
  cy.batch(() => {
    cy.elements().forEach((element) => {
      element.toggleClass('unknown-then', known !== null && !known.has(element.id()));
    });
  });
  const shown = cy.nodes().filter((node) => !node.hasClass('unknown-then')).length;
  const output = $('as-of-shown');
  output.textContent = date
    ? `${date}: ${shown} of ${ids.length} entities known then`
    : `now (${dayOf(Number(($('as-of-date') as HTMLInputElement).max))}, the latest source)`;
  $('as-of').dataset.shown = date ?? 'now';
  changed();
}

/** The ids of the entities and relations among `ids` that sources dated on or before `date` state. */
async function knownThen(ids: string[], date: string): Promise<Set<string>> {
  const nodes = await inBatches(
    ids,
    20,
    async (batch) => (await gql(KnownQuery, { ids: batch, asOf: date })).nodes,
  );
  const known = new Set<string>();
  for (const node of nodes) {
    if (!node || !('id' in node)) continue;
    known.add(node.id);
    for (const relation of node.relations.nodes) known.add(relation.id);
  }
  return known;
}
