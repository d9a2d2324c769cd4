import cytoscape, { type Core, type NodeCollection } from 'cytoscape';
import fcose from 'cytoscape-fcose';

cytoscape.use(fcose);

/**
 * Force-directed layout (fCoSE) that counts each node's label in its size, so labels keep apart.
 * `fixed` nodes stay where they are: new ones are placed among them without covering them.
 */
function fcoseOptions(cy: Core, fixed?: NodeCollection) {
  return {
    name: 'fcose',
    quality: 'proof',
    animate: false,
    randomize: !fixed || fixed.empty(),
    nodeDimensionsIncludeLabels: true,
    nodeSeparation: 120,
    idealEdgeLength: () => 140,
    nodeRepulsion: () => 60_000,
    packComponents: true,
    fit: !fixed || fixed.empty(),
    padding: 40,
    fixedNodeConstraint: fixed?.map((node) => ({ nodeId: node.id(), position: { ...node.position() } })),
    eles: cy.elements(':visible'),
  };
}

/** Lays the whole canvas out afresh. */
export function relayout(cy: Core): void {
  cy.layout(fcoseOptions(cy) as never).run();
}

/** Beyond this many entities, new ones keep their ring around the anchor: a layout would take seconds. */
const PLACE_AMONG_MAX = 300;

/** Places `fresh` nodes among the others, which do not move. */
export function placeAmong(cy: Core, fresh: string[]): void {
  if (!fresh.length || cy.nodes().length > PLACE_AMONG_MAX) return;
  const isFresh = new Set(fresh);
  const fixed = cy.nodes(':visible').filter((node) => !isFresh.has(node.id()));
  if (fixed.empty()) {
    relayout(cy);
    return;
  }
  cy.layout(fcoseOptions(cy, fixed) as never).run();
}

/** Hover text: the full names in both languages, which the canvas's labels may cut. */
export function hoverNames(cy: Core): void {
  const container = cy.container();
  cy.on('mouseover', 'node', (event) => {
    const entity = event.target.data('entity') as { name: string; nameTh?: string | null; type: string };
    if (container) container.title = [entity.name, entity.nameTh, entity.type].filter(Boolean).join('\n');
  });
  cy.on('mouseout', 'node', () => {
    if (container) container.title = '';
  });
}
