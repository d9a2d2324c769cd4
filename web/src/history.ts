import type { ResultOf } from 'gql.tada';
import { gql } from './api.ts';
import { Undo } from './curate-save.ts';
import { attempt } from './curation-result.ts';
import { el } from './format.ts';
import { graphql } from './graphql.ts';
import { $ } from './state.ts';

/**
 * History: every curation write, newest first, with who, when, why and the fact's lines before and
 * after (without a token, only what the facts still state, and not who). A signed-in curator
 * (`.curator-only`) can undo a write that nothing has changed since.
 */
const AuditQuery = graphql(`query Audit($after: String) {
  auditLog(first: 50, after: $after) {
    nodes { id seq at actor action fact reason undoes undoneBy before after }
    pageInfo { endCursor hasNextPage }
  }
}`);

type AuditEvent = ResultOf<typeof AuditQuery>['auditLog']['nodes'][number];

const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

function item(event: AuditEvent, reload: () => void): HTMLElement {
  const out = el('div', { class: 'curate-result', 'aria-live': 'polite' });
  const state = event.undoneBy ? ' (undone)' : '';
  const lines = (label: string, text: string | null | undefined) =>
    text ? [el('p', { class: 'hint' }, label), el('pre', { class: 'fact-lines' }, text)] : [];
  const undo = el('button', { type: 'button', class: 'curator-only' }, 'Undo');
  undo.addEventListener('click', () => {
    void attempt(out, 'Undoing', async () => {
      await gql(Undo, { id: event.id });
      reload();
    });
  });
  return el(
    'li',
    { class: event.undoneBy ? 'undone' : '' },
    el(
      'p',
      {},
      el('strong', {}, `#${event.seq} ${event.action}${state}`),
      // Without a token, who wrote it and a fact since retracted or undone are not shown (null).
      ` ${event.fact ?? '(a fact no longer stated)'}${event.actor ? ` · ${event.actor}` : ''} · ${when.format(new Date(event.at))} UTC`,
      event.reason ? el('span', { class: 'reason' }, ` — ${event.reason}`) : '',
    ),
    el(
      'details',
      {},
      el('summary', {}, 'Lines'),
      ...lines('Before', event.before),
      ...lines('After', event.after),
    ),
    ...(event.undoneBy ? [] : [undo]),
    out,
  );
}

export function initHistory(): void {
  const dialog = $<HTMLDialogElement>('history-dialog');
  const list = $('history-list');
  const more = $<HTMLButtonElement>('history-more');
  let cursor: string | null = null;
  const load = async (after: string | null) => {
    const { auditLog } = await gql(AuditQuery, { after });
    if (!after) list.replaceChildren();
    list.append(...auditLog.nodes.map((event) => item(event, () => void reload())));
    if (!list.childElementCount) list.append(el('li', { class: 'hint' }, 'No curation writes yet.'));
    cursor = auditLog.pageInfo.endCursor ?? null;
    more.hidden = !auditLog.pageInfo.hasNextPage;
  };
  const status = $('history-status');
  const reload = () => attempt(status, 'Loading the history', () => load(null));
  more.addEventListener('click', () => void attempt(status, 'Loading older writes', () => load(cursor)));
  $('history').addEventListener('click', () => {
    dialog.showModal();
    void reload();
  });
  $('history-close').addEventListener('click', () => dialog.close());
}
