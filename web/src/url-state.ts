import { asOf } from './as-of-state.ts';
import { $, cy, hiddenTypes, view } from './state.ts';

/**
 * The view in the URL: entities on the canvas (`n`), the selected one (`s`), hidden types (`hide`);
 * `changed` also writes the day the canvas is shown as of (`at`, as-of.ts).
 */
export interface UrlView {
  ids: string[];
  selected: string | null;
  hidden: string[];
}

/** After any change to the canvas: the counts and the shareable URL. */
export function changed(): void {
  // The counts follow the type filters: what is shown, and how much is hidden.
  const nodes = cy.nodes(':visible').length;
  const edges = cy.edges(':visible').length;
  const hidden = cy.nodes().length - nodes;
  $('counts').textContent =
    `${nodes} entities · ${edges} relations${hidden ? ` (${hidden} hidden by the filters)` : ''}`;
  // The start page (start.ts) shows while the canvas is empty.
  $('start').hidden = cy.nodes().nonempty();
  if (view.restoring) return;
  const params = new URLSearchParams();
  if (cy.nodes().nonempty())
    params.set(
      'n',
      cy
        .nodes()
        .map((node) => node.id())
        .join(','),
    );
  const selected = cy.$('node:selected');
  if (selected.nonempty()) params.set('s', selected.id());
  if (hiddenTypes.size) params.set('hide', [...hiddenTypes].join(','));
  if (asOf.date) params.set('at', asOf.date);
  history.replaceState(null, '', `#${params}`);
}

export function readUrl(): UrlView {
  const params = new URLSearchParams(location.hash.slice(1));
  return {
    ids: (params.get('n') ?? '').split(',').filter(Boolean),
    selected: params.get('s'),
    hidden: (params.get('hide') ?? '').split(',').filter(Boolean),
  };
}
