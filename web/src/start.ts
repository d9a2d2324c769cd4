import { act } from './actions.ts';
import { ENTITY, gql } from './api.ts';
import { place } from './canvas-ops.ts';
import { el, sourceLabel } from './format.ts';
import { graphql } from './graphql.ts';
import { openSource } from './reader.ts';
import { $, cy } from './state.ts';

const StartQuery = graphql(
  `query Start {
    sources(first: 20) { nodes { id name date } }
    centrality(measure: DEGREE, top: 8) { score entity { ...EntityFields } }
  }`,
  [ENTITY],
);

/**
 * "What's here", on an empty canvas: the sources with their dates (each opens the reader) and
 * the most connected entities (each placed by a click).
 */
export async function loadStart(): Promise<void> {
  const data = await gql(StartQuery);
  const sources = data.sources.nodes.map((source) => {
    const button = el('button', { type: 'button', class: 'link' }, sourceLabel(source));
    button.addEventListener('click', () => void act('Opening source', () => openSource(source.id)));
    return el('li', {}, button);
  });
  const hubs = data.centrality.map(({ entity, score }) => {
    const button = el('button', { type: 'button', class: 'link', 'data-id': entity.id }, entity.name);
    button.addEventListener('click', () => void act('Adding', () => place(entity)));
    return el('li', {}, button, el('small', {}, ` ${entity.type} · ${score} relations`));
  });
  $('start').replaceChildren(
    el('h2', {}, "What's here"),
    el('h3', {}, 'Sources'),
    el('ul', {}, ...sources),
    el('h3', {}, 'Most connected'),
    el('ul', {}, ...hubs),
    el('p', { class: 'hint' }, 'Or search above, in Thai or English.'),
  );
  // It shows while the canvas is empty; url-state.ts hides it as soon as anything is placed.
  $('start').hidden = cy.nodes().nonempty();
}
