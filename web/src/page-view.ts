import { gql } from './api.ts';
import { el } from './format.ts';
import { graphql } from './graphql.ts';
import { $ } from './state.ts';

/**
 * The original page beside the reader's text, for a source imported from a PDF or a scan: the
 * page as an image, the span's place on it highlighted.
 */
const PageViewQuery = graphql(
  `query PageView($id: ID!, $page: Int!, $start: Int, $end: Int) {
    entity(id: $id) { ... on Source { pageView(page: $page, start: $start, end: $end) { page image boxes { x y width height } } } }
  }`,
);

/** Shows page `page` of source `id` with the span `start`–`end` marked on it. */
export async function showPage(
  id: string,
  page: number,
  span?: { start: number; end: number },
): Promise<void> {
  const panel = $('reader-page');
  panel.hidden = false;
  panel.replaceChildren(el('p', { class: 'hint' }, `Page ${page}: finding the passage…`));
  const data = await gql(PageViewQuery, { id, page, start: span?.start ?? null, end: span?.end ?? null });
  const view = 'pageView' in data.entity ? data.entity.pageView : null;
  if (!view) {
    panel.hidden = true;
    return;
  }
  const image = el('img', { src: view.image, alt: `Page ${view.page} of the original` });
  const marks = view.boxes.map((box) =>
    el('div', {
      class: 'page-mark',
      style: `left:${box.x * 100}%;top:${box.y * 100}%;width:${box.width * 100}%;height:${box.height * 100}%`,
    }),
  );
  const sheet = el('div', { class: 'page-sheet' }, image, ...marks);
  panel.replaceChildren(
    el('h3', {}, `Page ${view.page} of the original`),
    span && !view.boxes.length
      ? el('p', { class: 'hint' }, 'The passage could not be placed on this page.')
      : '',
    sheet,
  );
  marks[0]?.scrollIntoView({ block: 'center' });
}
