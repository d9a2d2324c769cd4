import cytoscape, { type Collection, type Core, type NodeCollection } from 'cytoscape';
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
    // relayout fits the view itself, no closer than fitView allows.
    fit: false,
    fixedNodeConstraint: fixed?.map((node) => ({ nodeId: node.id(), position: { ...node.position() } })),
    eles: shownElements(cy),
  };
}

/** What the type filters leave: from the classes, as `:visible` lags a filter change. */
function shownElements(cy: Core): Collection {
  const nodes = cy.nodes().not('.filtered');
  return nodes.union(nodes.edgesWith(nodes));
}

/** Lays the whole canvas out afresh, and fits it in view (see fitView for `focus`). */
export function relayout(cy: Core, focus?: Collection): void {
  cy.layout(fcoseOptions(cy) as never).run();
  fitView(cy, undefined, focus);
}

/** A fit never zooms closer than this: two entities would fill the canvas, their labels huge. */
const FIT_ZOOM_MAX = 1.5;
/**
 * Nor, when the explorer picks the view (after an expansion, or for a shared link), further out
 * than this: labels stay readable (11 px and more). Fit in the toolbar shows everything.
 */
const READABLE_ZOOM = 0.85;

/**
 * The view that fits `eles`, at most at FIT_ZOOM_MAX; with a `focus`, at least at READABLE_ZOOM,
 * centred on the focus when the whole does not fit.
 */
export function fittedView(cy: Core, eles: Collection, padding: number, focus?: Collection) {
  type Viewport = { zoom: number; pan: { x: number; y: number } };
  const fit = cy.getFitViewport as unknown as (eles: Collection, padding: number) => Viewport | undefined;
  const fitted = fit.call(cy, eles, padding) ?? { zoom: cy.zoom(), pan: cy.pan() };
  const floor = focus?.nonempty() ? READABLE_ZOOM : 0;
  const zoom = Math.min(FIT_ZOOM_MAX, Math.max(fitted.zoom, floor));
  if (zoom === fitted.zoom) return fitted;
  const centreOn = zoom < fitted.zoom ? eles : (focus as Collection);
  const box = centreOn.boundingBox();
  const centre = { x: (box.x1 + box.x2) / 2, y: (box.y1 + box.y2) / 2 };
  return { zoom, pan: { x: cy.width() / 2 - centre.x * zoom, y: cy.height() / 2 - centre.y * zoom } };
}

/** Fits `eles` (by default every entity the filters show) in view: see fittedView. */
export function fitView(
  cy: Core,
  eles: Collection = cy.nodes().not('.filtered'),
  focus?: Collection,
  padding = 30,
): void {
  cy.viewport(fittedView(cy, eles, padding, focus));
}

/** Beyond this many entities, new ones keep their ring around the anchor: a layout would take seconds. */
const PLACE_AMONG_MAX = 300;

/** Places `fresh` nodes among the others, which do not move. */
export function placeAmong(cy: Core, fresh: string[]): void {
  if (!fresh.length || cy.nodes().length > PLACE_AMONG_MAX) return;
  const isFresh = new Set(fresh);
  const fixed = cy
    .nodes()
    .not('.filtered')
    .filter((node) => !isFresh.has(node.id()));
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
