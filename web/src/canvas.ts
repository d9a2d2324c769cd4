import cytoscape, { type Core, type ElementDefinition } from 'cytoscape';
import type { Edge, Entity } from './api.ts';
import { canvasLabel } from './labels.ts';
import { styleOf, typeStyles } from './styles-by-type.ts';

/** The graph canvas: entities as nodes, relations as labelled edges, positions kept as it grows. */
export function createCanvas(container: HTMLElement): Core {
  const cy = cytoscape({
    container,
    minZoom: 0.05,
    maxZoom: 4,
    style: [
      {
        selector: 'node',
        style: {
          label: 'data(label)',
          'background-color': 'data(color)',
          shape: 'data(shape)' as never,
          width: 28,
          height: 28,
          // A dark outline keeps light fills visible on white (3:1 or more, whatever the fill).
          'border-width': 1,
          'border-color': '#33415c',
          'font-family': '"Noto Sans Thai", "Noto Sans", sans-serif',
          // Readable at the zoom a fit gives: labels.ts breaks the names into lines and cuts them.
          'font-size': 13,
          'text-valign': 'bottom',
          'text-margin-y': 4,
          'text-wrap': 'wrap',
          'text-max-width': '400px',
          color: '#1d2733',
          'text-background-color': '#ffffff',
          'text-background-opacity': 0.75,
          'text-background-padding': '1px',
        },
      },
      {
        selector: 'edge',
        style: {
          width: 1.5,
          'line-color': '#9aa7b4',
          'target-arrow-color': '#9aa7b4',
          'target-arrow-shape': 'triangle',
          'curve-style': 'bezier',
          label: 'data(type)',
          'font-size': 10,
          color: '#5b6875',
          'text-rotation': 'autorotate',
          'text-background-color': '#ffffff',
          'text-background-opacity': 0.8,
        },
      },
      {
        selector: ':selected',
        style: {
          'border-width': 3,
          'border-color': '#f5b700',
          'line-color': '#f5b700',
          'target-arrow-color': '#f5b700',
        },
      },
      // The selected entity's label stands out above the others. Its size must not change: Cytoscape
      // keeps a label's box from before, and a longer or bolder one was clipped to it. The details
      // panel and the hover text give both names whole.
      {
        selector: 'node:selected',
        style: { 'text-background-opacity': 1, 'z-index': 9999, 'min-zoomed-font-size': 0 },
      },
      { selector: 'node.path', style: { 'border-width': 4, 'border-color': '#d62728' } },
      {
        selector: 'edge.path',
        style: { 'line-color': '#d62728', 'target-arrow-color': '#d62728', width: 3 },
      },
      { selector: '.filtered', style: { display: 'none' } },
    ],
  });
  // Cytoscape measures its box at start and on window resizes only: the legend filling in, or the
  // error bar showing, changes it too, and a fit would then place nodes under the timeline.
  new ResizeObserver(() => cy.resize()).observe(container);
  return cy;
}

export function nodeData(entity: Entity): ElementDefinition {
  const style = styleOf(entity.type);
  return {
    group: 'nodes',
    data: {
      id: entity.id,
      label: canvasLabel(entity.name, entity.nameTh),
      type: entity.type,
      color: style.color,
      shape: style.shape,
      entity,
    },
  };
}

export function edgeData(edge: Edge): ElementDefinition {
  return { group: 'edges', data: { id: edge.id, source: edge.from, target: edge.to, type: edge.type, edge } };
}

/**
 * Adds entities and relations; a new entity is placed on a ring around `anchor` (or the centre)
 * so nothing already on the canvas moves.
 */
export function addElements(cy: Core, entities: Entity[], edges: Edge[], anchor?: string): string[] {
  const fresh = entities.filter((entity) => cy.getElementById(entity.id).empty());
  const centre =
    anchor && cy.getElementById(anchor).nonempty()
      ? cy.getElementById(anchor).position()
      : { x: cy.width() / 2, y: cy.height() / 2 };
  const radius = 90 + fresh.length * 6;
  fresh.forEach((entity, index) => {
    const angle = (2 * Math.PI * index) / Math.max(fresh.length, 1);
    const position =
      cy.nodes().empty() && index === 0 && !anchor
        ? centre
        : { x: centre.x + radius * Math.cos(angle), y: centre.y + radius * Math.sin(angle) };
    cy.add({ ...nodeData(entity), position });
  });
  for (const edge of edges) {
    if (
      cy.getElementById(edge.id).empty() &&
      cy.getElementById(edge.from).nonempty() &&
      cy.getElementById(edge.to).nonempty()
    ) {
      cy.add(edgeData(edge));
    }
  }
  return fresh.map((entity) => entity.id);
}

export function legendTypes(): string[] {
  return Object.keys(typeStyles).filter((type) => type !== 'Source');
}
