import { asOf } from './as-of-state.ts';
import { $, cy, hiddenTypes, view } from './state.ts';

/**
 * The view in the URL: entities on the canvas (`n`), the relations shown (`e`: pairs of positions
 * in `n`, `0-3.1-2`), the selected one (`s`), hidden types (`hide`), the day the canvas is shown
 * as of (`at`, as-of.ts). Without `e` (a link written by hand, or before `e` was kept), every
 * relation among the entities is shown.
 */
export interface UrlView {
  ids: string[];
  /** Each pair of ids whose relations are shown, as `pairKey` writes it; null: all of them. */
  pairs: Set<string> | null;
  selected: string | null;
  hidden: string[];
}

/** One key per unordered pair of entities: a pair's relations are shown or not together. */
export const pairKey = (a: string, b: string) => (a < b ? `${a} ${b}` : `${b} ${a}`);

/** Entities and relations shown, once the type filters have hidden some. */
export function shownCounts(): { nodes: number; edges: number; hidden: number } {
  // From the data, not `:visible`: that answer lags a filter change until the canvas restyles.
  const shown = (type: unknown) => !hiddenTypes.has(type as string);
  const nodes = cy.nodes().filter((node) => shown(node.data('type'))).length;
  const edges = cy
    .edges()
    .filter((edge) => shown(edge.source().data('type')) && shown(edge.target().data('type'))).length;
  return { nodes, edges, hidden: cy.nodes().length - nodes };
}

/** After any change to the canvas: the counts and the shareable URL. */
export function changed(): void {
  const { nodes, edges, hidden } = shownCounts();
  $('counts').textContent =
    `${nodes} entities · ${edges} relations${hidden ? ` (${hidden} hidden by the filters)` : ''}`;
  // The start page (start.ts) shows while the canvas is empty.
  $('start').hidden = cy.nodes().nonempty();
  if (view.restoring) return;
  history.replaceState(null, '', `#${viewParams()}`);
}

function viewParams(): URLSearchParams {
  const params = new URLSearchParams();
  const ids = cy.nodes().map((node) => node.id());
  if (ids.length) {
    params.set('n', ids.join(','));
    const at = new Map(ids.map((id, index) => [id, index]));
    const pairs = new Set(
      cy.edges().map((edge) => {
        const [a, b] = [at.get(edge.source().id()), at.get(edge.target().id())] as [number, number];
        return a < b ? `${a}-${b}` : `${b}-${a}`;
      }),
    );
    params.set('e', [...pairs].join('.'));
  }
  const selected = cy.$('node:selected');
  if (selected.nonempty()) params.set('s', selected.id());
  if (hiddenTypes.size) params.set('hide', [...hiddenTypes].join(','));
  if (asOf.date) params.set('at', asOf.date);
  return params;
}

export function readUrl(): UrlView {
  const params = new URLSearchParams(location.hash.slice(1));
  const ids = (params.get('n') ?? '').split(',').filter(Boolean);
  const edges = params.get('e');
  const pairs =
    edges === null
      ? null
      : new Set(
          edges
            .split('.')
            .map((pair) => pair.split('-').map((index) => ids[Number(index)]))
            .filter((ends): ends is [string, string] => ends.length === 2 && ends.every(Boolean))
            .map(([a, b]) => pairKey(a, b)),
        );
  return {
    ids,
    pairs,
    selected: params.get('s'),
    hidden: (params.get('hide') ?? '').split(',').filter(Boolean),
  };
}
