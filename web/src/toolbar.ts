import { removeSelected } from './canvas-ops.ts';
import { el } from './format.ts';
import { fitView, relayout } from './layout.ts';
import { $, cy } from './state.ts';
import { changed } from './url-state.ts';

/** Fit, re-layout, remove, clear, export as PNG or JSON, copy the link. */
export function initToolbar(): void {
  $('fit').addEventListener('click', () => fitView(cy));
  $('relayout').addEventListener('click', () => {
    relayout(cy);
    changed();
  });
  $('remove').addEventListener('click', removeSelected);
  $('clear').addEventListener('click', () => {
    cy.elements().remove();
    changed();
  });
  $('export-png').addEventListener('click', () => {
    download(
      'policy-graph.png',
      cy.png({ full: true, bg: '#ffffff', scale: 2, output: 'blob' }) as unknown as Blob,
    );
  });
  $('export-json').addEventListener('click', () => {
    const view = {
      nodes: cy.nodes().map((node) => ({ ...node.data('entity'), position: node.position() })),
      edges: cy.edges().map((edge) => edge.data('edge')),
    };
    download('policy-graph.json', new Blob([JSON.stringify(view, null, 2)], { type: 'application/json' }));
  });
  $('copy-link').addEventListener('click', () => void navigator.clipboard?.writeText(location.href));
}

function download(name: string, blob: Blob): void {
  const link = el('a', { href: URL.createObjectURL(blob), download: name });
  link.click();
  URL.revokeObjectURL(link.href);
}
