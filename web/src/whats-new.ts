import type { ResultOf } from 'gql.tada';
import { act } from './actions.ts';
import { ENTITY, gql } from './api.ts';
import { place } from './canvas-ops.ts';
import { attempt } from './curation-result.ts';
import { el } from './format.ts';
import { graphql } from './graphql.ts';
import { $ } from './state.ts';

/**
 * What's new since a release: the entities and relations added, removed and changed since the
 * release picked, each with its values before and after and the claims behind it, cited. A click
 * on an entity still in the graph places it on the canvas.
 */
const ReleasesQuery = graphql(`{ releases { id recordedAt entityCount relationCount } }`);

const ChangesQuery = graphql(`query Changes($from: String!, $offset: Int!) {
  changes(from: $from) {
    to { id }
    entities { added removed changed }
    relations { added removed changed }
    claims { added removed changed }
    total
    changes(first: 50, offset: $offset) {
      change kind id type fromId toId
      values { name before after }
      claimsAdded { source section quote }
      claimsRemoved { source section quote }
      claimsChanged { source before { section quote } after { section quote } }
    }
  }
}`);

const EntityQuery = graphql(`query Placed($id: ID!) { entity(id: $id) { ...EntityFields } }`, [ENTITY]);

type Change = ResultOf<typeof ChangesQuery>['changes']['changes'][number];
type Counts = { added: number; removed: number; changed: number };

const signs = { ADDED: '+', REMOVED: '−', CHANGED: '~' } as const;
const show = (value: unknown) =>
  value === null ? '—' : typeof value === 'string' ? value : JSON.stringify(value);
const cite = (claim: { source: string; section: string; quote: string }) =>
  el('q', { title: `${claim.source} §${claim.section}` }, claim.quote);

/** An entity still in the graph, as a button that places it on the canvas. */
function placeButton(id: string): HTMLElement {
  const button = el('button', { type: 'button', class: 'link' }, id);
  button.addEventListener('click', () => {
    void act('Adding', async () => {
      const { entity } = await gql(EntityQuery, { id });
      if (entity) await place(entity);
    });
  });
  return button;
}

function item(change: Change): HTMLElement {
  const name = change.kind === 'entity' && change.change !== 'REMOVED' ? placeButton(change.id) : change.id;
  const ends = change.fromId ? ` ${change.fromId} → ${change.toId}` : '';
  const claim = (label: string, claim: { source: string; section: string; quote: string }) =>
    el('li', {}, `${label} ${claim.source} §${claim.section}: `, cite(claim));
  return el(
    'li',
    { class: `change ${change.change.toLowerCase()}` },
    el(
      'p',
      {},
      el('strong', {}, `${signs[change.change]} ${change.kind} `),
      name,
      ` (${change.type}${ends})`,
    ),
    el(
      'ul',
      {},
      ...(change.change === 'CHANGED'
        ? change.values.map((value) =>
            el('li', {}, `${value.name}: ${show(value.before)} → ${show(value.after)}`),
          )
        : []),
      ...change.claimsAdded.map((c) => claim('+ claim', c)),
      ...change.claimsRemoved.map((c) => claim('− claim', c)),
      ...change.claimsChanged.map((c) =>
        el(
          'li',
          {},
          `~ claim ${c.source}: `,
          cite({ source: c.source, ...c.before }),
          ' → ',
          cite({ source: c.source, ...c.after }),
        ),
      ),
    ),
  );
}

const counted = (label: string, counts: Counts) =>
  `${label}: ${counts.added} added, ${counts.removed} removed, ${counts.changed} changed`;

export function initWhatsNew(): void {
  const dialog = $<HTMLDialogElement>('whats-new-dialog');
  const since = $<HTMLSelectElement>('whats-new-since');
  const list = $('whats-new-list');
  const summary = $('whats-new-summary');
  const more = $<HTMLButtonElement>('whats-new-more');
  const status = $('whats-new-status');
  let offset = 0;
  /** Shows the changes since release `from`, from the `at`-th on; answers how many there are. */
  const load = async (from: string, at: number): Promise<number> => {
    const { changes } = await gql(ChangesQuery, { from, offset: at });
    if (!at) list.replaceChildren();
    summary.textContent = `Since ${from}: ${[
      counted('entities', changes.entities),
      counted('relations', changes.relations),
      counted('claims', changes.claims),
    ].join('; ')}.`;
    list.append(...changes.changes.map(item));
    if (!changes.total) list.append(el('li', { class: 'hint' }, 'Nothing has changed since this release.'));
    offset = at + changes.changes.length;
    more.hidden = offset >= changes.total;
    return changes.total;
  };
  since.addEventListener(
    'change',
    () => void attempt(status, 'Comparing', async () => void (await load(since.value, 0))),
  );
  more.addEventListener(
    'click',
    () => void attempt(status, 'Loading more', async () => void (await load(since.value, offset))),
  );
  $('whats-new').addEventListener('click', () => {
    dialog.showModal();
    void attempt(status, 'Loading the releases', async () => {
      const { releases } = await gql(ReleasesQuery);
      since.replaceChildren(
        ...releases.map((release) =>
          el(
            'option',
            { value: release.id },
            `${release.id} (${release.recordedAt.slice(0, 10)}, ${release.entityCount} entities)`,
          ),
        ),
      );
      if (!releases.length) {
        summary.textContent = 'No release has been recorded yet (npm run kb:release -- --name NAME).';
        return list.replaceChildren();
      }
      // The newest release is often the graph as it is, with nothing new since: open on the newest
      // one since which something changed (the oldest, if nothing has).
      for (const release of releases) {
        since.value = release.id;
        if (await load(release.id, 0)) break;
      }
    });
  });
  $('whats-new-close').addEventListener('click', () => dialog.close());
}
