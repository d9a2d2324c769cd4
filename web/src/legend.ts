import { legendTypes } from './canvas.ts';
import { el } from './format.ts';
import { $, cy, hiddenTypes } from './state.ts';
import { styleOf } from './styles-by-type.ts';
import { changed } from './url-state.ts';

/** One checkbox per type; unticking hides that type's entities. */
export function renderLegend(): void {
  const items = legendTypes().map((type) => {
    const box = el('input', { type: 'checkbox', 'data-type': type });
    box.checked = !hiddenTypes.has(type);
    box.addEventListener('change', () => {
      if (box.checked) hiddenTypes.delete(type);
      else hiddenTypes.add(type);
      applyFilters();
      changed();
    });
    return el(
      'label',
      {},
      box,
      el('span', { class: 'type-dot', style: `background:${styleOf(type).color}` }),
      type,
    );
  });
  $('legend').replaceChildren(...items);
}

export function applyFilters(): void {
  cy.nodes().forEach((node) => {
    node.toggleClass('filtered', hiddenTypes.has(node.data('type')));
  });
}
