import { act } from './actions.ts';
import { type Edge, ENTITY, type Entity, gql, PROVENANCE } from './api.ts';
import { expand, place } from './canvas-ops.ts';
import { conflictRow, historyList, statedBy } from './claims.ts';
import { copyButton, el, propertyRows } from './format.ts';
import { graphql } from './graphql.ts';
import { provenanceList } from './provenance.ts';
import { $, cy } from './state.ts';

const DetailsQuery = graphql(
  `query Details($id: ID!) {
    entity(id: $id) {
      ...EntityFields
      description
      properties
      conflicts
      sources { id name date }
      history { summary provenance { source { id name date } } }
      citations { ...ProvenanceFields }
      citation(format: MARKDOWN)
      relations(first: 100) {
        totalCount
        nodes {
          id
          type
          direction
          node { ...EntityFields }
          provenance { ...ProvenanceFields }
          citation(format: MARKDOWN)
        }
      }
    }
  }`,
  [ENTITY, PROVENANCE],
);

/** Property rows; a property of `conflicts` is marked, with its claims on demand. */
function table(rows: Array<[string, string]>, id = '', conflicts: string[] = []): HTMLElement {
  return el(
    'table',
    { class: 'props' },
    ...rows.flatMap(([key, value]) => {
      const row = el('tr', {}, el('th', { scope: 'row' }, key), el('td', {}, value));
      return conflicts.includes(key) ? [row, conflictRow(id, key, row)] : [row];
    }),
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
    const count = relation.provenance.length;
    const toggle = el(
      'button',
      { type: 'button', class: 'source-toggle', 'aria-expanded': 'false' },
      count === 1 ? 'Source' : `Sources (${count})`,
    );
    const quote = provenanceList(relation.provenance);
    quote.append(el('li', {}, copyButton(relation.citation, 'Copy citation')));
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
    statedBy(entity.sources),
    more,
    table(propertyRows(entity.properties), entity.id, entity.conflicts),
    ...historyList(entity.history),
    el('h4', {}, 'Cited in'),
    provenanceList(entity.citations),
    copyButton(entity.citation, 'Copy citation'),
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
    el('h4', {}, edge.provenance.length === 1 ? 'Source' : `Sources (${edge.provenance.length})`),
    provenanceList(edge.provenance),
  );
}
