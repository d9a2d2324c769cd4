/** The details panel's view of many sources: who states an entity, where they disagree, and its history. */
import type { ResultOf } from 'gql.tada';
import { act } from './actions.ts';
import { gql, PROVENANCE } from './api.ts';
import { el } from './format.ts';
import { graphql } from './graphql.ts';
import { provenanceParts, sourceLabel } from './provenance.ts';

const ClaimsQuery = graphql(
  `query Claims($id: ID!, $property: String!) {
    entity(id: $id) { claims(property: $property) { value preferred rank provenance { ...ProvenanceFields } } }
  }`,
  [PROVENANCE],
);

type Claim = ResultOf<typeof ClaimsQuery>['entity']['claims'][number];
type Source = { id: string; name: string; date?: string | null };
type HistoryStep = { summary: string; provenance: { source: Source } };

/** "Stated by 2 sources", then each source's name and date. */
export function statedBy(sources: Source[]): HTMLElement | string {
  if (sources.length === 0) return '';
  const count = sources.length === 1 ? '1 source' : `${sources.length} sources`;
  return el(
    'div',
    { class: 'stated-by' },
    el('p', {}, `Stated by ${count}`),
    el('ul', {}, ...sources.map((source) => el('li', {}, sourceLabel(source)))),
  );
}

/** Status and dates as each source gives them, in source-date order. */
export function historyList(history: HistoryStep[]): Array<HTMLElement | string> {
  if (history.length === 0) return [];
  return [
    el('h4', {}, 'History across sources'),
    el(
      'ol',
      { class: 'history' },
      ...history.map((step) =>
        el('li', {}, step.summary, ' ', el('cite', {}, `— ${sourceLabel(step.provenance.source)}`)),
      ),
    ),
  ];
}

/**
 * Marks a property's row as disputed and adds "Show claims", which fetches every source's value
 * on the first click only. Returns the row, hidden until then, that lists them.
 */
export function conflictRow(id: string, property: string, row: HTMLTableRowElement): HTMLTableRowElement {
  const list = el('td', { colspan: '2' });
  const claims = el('tr', { class: 'claims', id: `claims-${property}` }, list);
  claims.hidden = true;
  const toggle = el(
    'button',
    { type: 'button', class: 'source-toggle', 'aria-expanded': 'false', 'aria-controls': claims.id },
    'Show claims',
    el('span', { class: 'visually-hidden' }, ` of ${property}`),
  );
  const show = (shown: boolean) => {
    claims.hidden = !shown;
    toggle.setAttribute('aria-expanded', String(shown));
  };
  let loaded = false;
  toggle.addEventListener('click', () => {
    if (loaded || !claims.hidden) return show(claims.hidden);
    void act('Loading claims', async () => {
      const data = await gql(ClaimsQuery, { id, property });
      list.replaceChildren(el('ul', { class: 'provenance' }, ...data.entity.claims.map(claimItem)));
      loaded = true;
      show(true);
    });
  });
  row.lastElementChild?.append(
    ' ',
    el(
      'span',
      { class: 'conflict', role: 'img', 'aria-label': 'Sources disagree', title: 'Sources disagree' },
      '⚠',
    ),
    ' ',
    toggle,
  );
  return claims;
}

/** One source's value, as it gives it (a date's precision is a claim of its own), then its words. */
function claimItem(claim: Claim): HTMLElement {
  const value = Array.isArray(claim.value) ? claim.value.join(', ') : String(claim.value);
  const notes = [
    claim.preferred ? 'shown' : '',
    claim.rank === 'NORMAL' ? '' : `ranked ${claim.rank.toLowerCase()}`,
  ];
  return el(
    'li',
    {},
    el('strong', {}, value),
    ...notes.filter(Boolean).map((note) => el('span', { class: 'claim-note' }, ` · ${note}`)),
    ...provenanceParts(claim.provenance),
  );
}
