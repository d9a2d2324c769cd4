import { act } from './actions.ts';
import type { Edge } from './api.ts';
import { removeSelected } from './canvas-ops.ts';
import { expandShown, showEdge, showEntity } from './details.ts';
import { $, cy } from './state.ts';
import { changed } from './url-state.ts';

/** Selecting shows details; double-click or E expands; Delete removes; a drag is kept in the URL. */
export function initCanvasEvents(): void {
  cy.on('select', 'node', (event) => void act('Loading', () => showEntity(event.target.id())));
  cy.on('select', 'edge', (event) => showEdge(event.target.data('edge') as Edge));
  cy.on('dbltap', 'node', (event) => void act('Expanding', () => expandShown(event.target.id())));
  cy.on('dragfree', 'node', () => changed());

  $('cy').addEventListener('keydown', (event) => {
    const selected = cy.$('node:selected');
    if (selected.empty()) return;
    if (event.key === 'e' || event.key === 'Enter') void act('Expanding', () => expandShown(selected.id()));
    if (event.key === 'Delete' || event.key === 'Backspace') removeSelected();
  });
}
