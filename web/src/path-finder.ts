import { act } from './actions.ts';
import { EDGE, ENTITY, gql } from './api.ts';
import { addElements } from './canvas.ts';
import { entityIdOf, entityInput } from './entity-input.ts';
import { copyButton, el } from './format.ts';
import { graphql } from './graphql.ts';
import { fitView, placeAmong } from './layout.ts';
import { provenanceList } from './provenance.ts';
import { $, cy } from './state.ts';
import { changed } from './url-state.ts';

const PathsQuery = graphql(
  `query Paths($from: ID!, $to: ID!) {
    allShortestPaths(from: $from, to: $to, limit: 5) {
      length
      nodes { ...EntityFields }
      edges { ...EdgeFields }
      citation(format: MARKDOWN)
    }
  }`,
  [ENTITY, EDGE],
);

/** From and to take names in Thai or English (or ids), with suggestions as you type. */
export function initPathFinder(): void {
  const from = $<HTMLInputElement>('path-from');
  const to = $<HTMLInputElement>('path-to');
  entityInput(from);
  entityInput(to);
  $('path-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void act('Finding paths', async () => findPath(await entityIdOf(from), await entityIdOf(to)));
  });
}

/** Shortest paths onto the canvas, the best one highlighted and listed hop by hop with its quotes. */
async function findPath(from: string, to: string): Promise<void> {
  const data = await gql(PathsQuery, { from, to });
  cy.elements().removeClass('path');
  const list = $('path-result');
  if (!data.allShortestPaths.length) {
    list.replaceChildren(el('li', {}, 'No path within 6 hops.'));
    return;
  }
  const added = data.allShortestPaths.flatMap((path) => addElements(cy, path.nodes, path.edges, from));
  placeAmong(cy, added);
  const [best] = data.allShortestPaths;
  for (const entity of best?.nodes ?? []) cy.getElementById(entity.id).addClass('path');
  for (const edge of best?.edges ?? []) cy.getElementById(edge.id).addClass('path');
  const names = new Map(
    data.allShortestPaths.flatMap((path) => path.nodes.map((n) => [n.id, n.name] as const)),
  );
  list.replaceChildren(
    ...(best?.edges ?? []).map((edge) =>
      el(
        'li',
        {},
        el('strong', {}, `${names.get(edge.from)} —${edge.type}→ ${names.get(edge.to)}`),
        provenanceList(edge.provenance),
      ),
    ),
    data.allShortestPaths.length > 1
      ? el(
          'li',
          { class: 'hint' },
          `${data.allShortestPaths.length - 1} alternative path(s) of the same length are on the canvas.`,
        )
      : '',
    best ? citationItem(best.citation) : '',
  );
  fitView(cy, cy.elements('.path'), undefined, 60);
  changed();
}

/** The best path as a Markdown citation, one footnote per hop: shown, and copied on request. */
function citationItem(markdown: string): HTMLElement {
  const text = el('textarea', { class: 'path-citation', readonly: '', 'aria-label': 'Citation (Markdown)' });
  text.value = markdown;
  const copy = copyButton(
    markdown,
    'Copy citation',
    (button) => {
      text.select();
      button.textContent = 'Selected: press Ctrl+C';
    },
    { id: 'copy-citation' },
  );
  return el('li', { class: 'citation' }, copy, text);
}
