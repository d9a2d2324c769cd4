import { EDGE, type Edge, ENTITY, type Entity, gql, inBatches, PROVENANCE } from './api.ts';
import { addElements } from './canvas.ts';
import { el } from './format.ts';
import { graphql } from './graphql.ts';
import { fittedView, placeAmong } from './layout.ts';
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
  await placeAll([entity]);
}

/**
 * Puts entities on the canvas with their relations to what is there, among the others (which do
 * not move) and apart from each other, and selects the last.
 */
export async function placeAll(entities: Entity[]): Promise<void> {
  const last = entities.at(-1);
  if (!last) return;
  const added = addElements(cy, entities, []);
  await connectAll();
  placeAmong(cy, added);
  applyFilters();
  select(last.id);
  const ids = new Set(entities.map((entity) => entity.id));
  const placed = cy.nodes().filter((node) => ids.has(node.id()));
  cy.animate({ center: { eles: placed } }, { duration: 200 });
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
  const hub = cy.getElementById(id);
  if (added.length) cy.animate(fittedView(cy, hub.closedNeighborhood(), 40, hub), { duration: 250 });
  applyFilters();
  changed();
}

/**
 * Fetches the relations among everything on the canvas, in one request; `keep` says which pairs of
 * entities to show them between (a shared link's), by default all.
 */
export async function connectAll(keep: (from: string, to: string) => boolean = () => true): Promise<void> {
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
      if (!keep(from, to)) continue;
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
