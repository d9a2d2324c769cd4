import { act } from './actions.ts';
import { type Edge, ENTITY, type Entity, gql, PROVENANCE, type Provenance } from './api.ts';
import { expand, place } from './canvas-ops.ts';
import { el, formatDate, propertyRows } from './format.ts';
import { graphql } from './graphql.ts';
import { $, cy } from './state.ts';

const DetailsQuery = graphql(
  `query Details($id: ID!) {
    entity(id: $id) {
      ...EntityFields
      description
      properties
      citations { ...ProvenanceFields }
      relations(first: 100) {
        totalCount
        nodes { id type direction node { ...EntityFields } provenance { ...ProvenanceFields } }
      }
    }
  }`,
  [ENTITY, PROVENANCE],
);

/** Each quote with its source's title, date and section. */
export function provenanceList(entries: Provenance[]): HTMLElement {
  return el(
    'ul',
    { class: 'provenance' },
    ...entries.map((p) =>
      el(
        'li',
        {},
        el('blockquote', { lang: 'th' }, p.quote),
        el(
          'cite',
          {},
          `${p.source.name}${p.source.date ? `, ${formatDate(p.source.date)}` : ''}${p.section ? ` — section ${p.section}` : ''}`,
        ),
      ),
    ),
  );
}

function table(rows: Array<[string, string]>): HTMLElement {
  return el(
    'table',
    { class: 'props' },
    ...rows.map(([key, value]) => el('tr', {}, el('th', { scope: 'row' }, key), el('td', {}, value))),
  );
}

/** Expands an entity, then refreshes its details if it is the one shown. */
export async function expandShown(id: string): Promise<void> {
  await expand(id);
  if (cy.getElementById(id).selected()) await showEntity(id);
}

export async function showEntity(id: string): Promise<void> {
  const data = await gql(DetailsQuery, { id });
  const entity = data.entity;
  const relations = entity.relations.nodes.map((relation) => {
    const add = el('button', { type: 'button', class: 'link' }, relation.node.name);
    add.addEventListener('click', () => void act('Adding', () => place(relation.node)));
    const toggle = el(
      'button',
      { type: 'button', class: 'source-toggle', 'aria-expanded': 'false' },
      'Source',
    );
    const quote = provenanceList(relation.provenance);
    quote.hidden = true;
    toggle.addEventListener('click', () => {
      quote.hidden = !quote.hidden;
      toggle.setAttribute('aria-expanded', String(!quote.hidden));
    });
    const arrow = relation.direction === 'OUT' ? '→' : '←';
    return el(
      'li',
      {},
      el('span', { class: 'rel-type' }, `${arrow} ${relation.type}`),
      ' ',
      add,
      ' ',
      toggle,
      quote,
    );
  });
  const more = cy.getElementById(id).data('truncated')
    ? el('button', { type: 'button', id: 'expand-more' }, 'More neighbours')
    : el('button', { type: 'button', id: 'expand' }, 'Expand neighbours');
  more.addEventListener('click', () => void act('Expanding', () => expandShown(id)));
  $('details').replaceChildren(
    el('h3', {}, entity.name),
    entity.nameTh ? el('p', { lang: 'th', class: 'thai-name' }, entity.nameTh) : '',
    el('p', { class: 'type' }, entity.type, entity.aliases.length ? ` · ${entity.aliases.join(', ')}` : ''),
    entity.description ? el('p', {}, entity.description) : '',
    more,
    table(propertyRows(entity.properties)),
    el('h4', {}, 'Cited in'),
    provenanceList(entity.citations),
    el('h4', {}, `Relations (${entity.relations.totalCount})`),
    el('ul', { class: 'relations' }, ...relations),
  );
}

export function showEdge(edge: Edge): void {
  const name = (id: string) => (cy.getElementById(id).data('entity') as Entity | undefined)?.name ?? id;
  $('details').replaceChildren(
    el('h3', {}, edge.type),
    el('p', {}, `${name(edge.from)} → ${name(edge.to)}`),
    table(propertyRows(edge.properties)),
    el('h4', {}, 'Source'),
    provenanceList(edge.provenance),
  );
}
