import { EDGE, type Edge, ENTITY, type Entity, gql, inBatches, PROVENANCE } from './api.ts';
import { addElements } from './canvas.ts';
import { el } from './format.ts';
import { graphql } from './graphql.ts';
import { placeAmong } from './layout.ts';
import { applyFilters } from './legend.ts';
import { $, cy } from './state.ts';
import { changed } from './url-state.ts';

const ExpandQuery = graphql(
  `query Expand($id: ID!, $limit: Int!) {
    neighborhood(id: $id, depth: 1, limit: $limit) { truncated nodes { ...EntityFields } edges { ...EdgeFields } }
  }`,
  [ENTITY, EDGE],
);
const ConnectQuery = graphql(
  `query Connect($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on Entity {
        id
        relations(first: 100) { nodes { id type direction node { id } properties provenance { ...ProvenanceFields } } }
      }
    }
  }`,
  [PROVENANCE],
);

const expandLimits = new Map<string, number>();

/** Puts an entity on the canvas with its relations to what is there, and selects it. */
export async function place(entity: Entity): Promise<void> {
  addElements(cy, [entity], []);
  await connectAll();
  select(entity.id);
  cy.animate({ center: { eles: cy.getElementById(entity.id) } }, { duration: 200 });
  changed();
}

/** Adds 25 more neighbours of an entity each time. */
export async function expand(id: string): Promise<void> {
  const limit = (expandLimits.get(id) ?? 0) + 25;
  expandLimits.set(id, limit);
  const data = await gql(ExpandQuery, { id, limit: limit + 1 });
  const added = addElements(cy, data.neighborhood.nodes, data.neighborhood.edges, id);
  placeAmong(cy, added);
  cy.getElementById(id).data('truncated', data.neighborhood.truncated);
  if (added.length)
    cy.animate({ fit: { eles: cy.getElementById(id).closedNeighborhood(), padding: 40 } }, { duration: 250 });
  applyFilters();
  changed();
}

/** Fetches the relations among everything on the canvas, in one request. */
export async function connectAll(): Promise<void> {
  const ids = cy.nodes().map((node) => node.id());
  if (ids.length < 2) return;
  // 100 relations of each, with provenance: 20 entities a request stay well under the cost limit.
  const nodes = await inBatches(ids, 20, async (batch) => (await gql(ConnectQuery, { ids: batch })).nodes);
  const present = new Set(ids);
  const edges: Edge[] = [];
  nodes.forEach((node, index) => {
    for (const relation of node?.relations.nodes ?? []) {
      if (!present.has(relation.node.id)) continue;
      const self = ids[index] as string;
      const [from, to] = relation.direction === 'OUT' ? [self, relation.node.id] : [relation.node.id, self];
      edges.push({
        id: relation.id,
        type: relation.type,
        from,
        to,
        properties: relation.properties,
        provenance: relation.provenance,
      });
    }
  });
  addElements(cy, [], edges);
}

export function select(id: string): void {
  cy.elements().unselect();
  cy.getElementById(id).select();
}

export function removeSelected(): void {
  cy.$(':selected').remove();
  $('details').replaceChildren(el('p', { class: 'hint' }, 'Removed.'));
  changed();
}
