import { ENTITY, type Entity, gql, inBatches } from './api.ts';
import { addElements } from './canvas.ts';
import { connectAll, select } from './canvas-ops.ts';
import { graphql } from './graphql.ts';
import { relayout } from './layout.ts';
import { applyFilters, renderLegend } from './legend.ts';
import { cy, hiddenTypes, view } from './state.ts';
import { changed, pairKey, readUrl } from './url-state.ts';

const RestoreQuery = graphql(
  `query Restore($ids: [ID!]!) { nodes(ids: $ids) { ... on Entity { ...EntityFields } } }`,
  [ENTITY],
);

/** Rebuilds the view a shared link describes; the URL is not rewritten until it is done. */
export async function restore(): Promise<void> {
  const url = readUrl();
  for (const type of url.hidden) hiddenTypes.add(type);
  renderLegend();
  if (!url.ids.length) return;
  view.restoring = true;
  try {
    const nodes = await inBatches(
      url.ids,
      100,
      async (batch) => (await gql(RestoreQuery, { ids: batch })).nodes,
    );
    const entities = nodes.filter((node): node is Entity => node !== null);
    entities.forEach((entity, index) => {
      addElements(cy, [entity], [], index === 0 ? undefined : (entities[0] as Entity).id);
    });
    const { pairs } = url;
    await connectAll(pairs ? (from, to) => pairs.has(pairKey(from, to)) : undefined);
    applyFilters();
    // The view the explorer would pick: readable, on the selected entity if the whole does not fit.
    relayout(cy, cy.getElementById(url.selected ?? url.ids[0] ?? ''));
  } finally {
    view.restoring = false;
  }
  if (url.selected && cy.getElementById(url.selected).nonempty()) select(url.selected);
  changed();
}
