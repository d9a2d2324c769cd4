import { legendTypes } from './canvas.ts';
import { el } from './format.ts';
import { $, cy, hiddenTypes } from './state.ts';
import { styleOf } from './styles-by-type.ts';
import { changed } from './url-state.ts';

/** The polygon of each node shape on a 12 × 12 grid, as the canvas draws it. */
const shapes: Record<string, string> = {
  rectangle: '1,1 11,1 11,11 1,11',
  'round-rectangle': '2,1 10,1 11,2 11,10 10,11 2,11 1,10 1,2',
  diamond: '6,0 12,6 6,12 0,6',
  'round-diamond': '6,0.5 11.5,6 6,11.5 0.5,6',
  'round-hexagon': '3,1 9,1 12,6 9,11 3,11 0,6',
  'round-tag': '1,1 8,1 11,6 8,11 1,11',
  star: '6,0 7.5,4.2 12,4.5 8.5,7.3 9.7,12 6,9.3 2.3,12 3.5,7.3 0,4.5 4.5,4.2',
  octagon: '4,0 8,0 12,4 12,8 8,12 4,12 0,8 0,4',
  'round-triangle': '6,1 11.5,11 0.5,11',
  'round-pentagon': '6,0 12,4.5 9.7,12 2.3,12 0,4.5',
  vee: '0,1 6,5 12,1 6,11',
};

/** A type's shape in its colour, as on the canvas. */
function swatch(type: string): SVGSVGElement {
  const { color, shape } = styleOf(type);
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 12 12');
  svg.setAttribute('width', '12');
  svg.setAttribute('height', '12');
  svg.setAttribute('aria-hidden', 'true');
  const mark =
    shape in shapes
      ? document.createElementNS('http://www.w3.org/2000/svg', 'polygon')
      : document.createElementNS('http://www.w3.org/2000/svg', 'circle');
  if (shape in shapes) mark.setAttribute('points', shapes[shape] as string);
  else
    for (const [key, value] of [
      ['cx', '6'],
      ['cy', '6'],
      ['r', '5.5'],
    ])
      mark.setAttribute(key as string, value as string);
  mark.setAttribute('fill', color);
  svg.append(mark);
  return svg;
}

/** One checkbox per type, with its colour and shape; unticking hides that type's entities. Collapsible. */
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
    return el('label', {}, box, swatch(type), type);
  });
  const details = el(
    'details',
    { open: '' },
    el('summary', {}, 'Legend'),
    el('div', { class: 'types' }, ...items),
  );
  $('legend').replaceChildren(details);
}

export function applyFilters(): void {
  cy.nodes().forEach((node) => {
    node.toggleClass('filtered', hiddenTypes.has(node.data('type')));
  });
}
