import { act } from './actions.ts';
import { gql } from './api.ts';
import { button } from './curate-fields.ts';
import { attempt, type CurationResult, describe, RESULT } from './curation-result.ts';
import { el } from './format.ts';
import { graphql } from './graphql.ts';
import { currentSource, openSource, placeAndClose } from './reader.ts';
import { $ } from './state.ts';

export const Undo = graphql(`mutation Undo($id: ID!) { undo(auditEventId: $id) { ...CurationFields } }`, [
  RESULT,
]);

/**
 * Preview and Save for a form: Preview runs the write as a dry run and shows what it would change;
 * Save writes it, then shows the result with Show in graph and Undo.
 */
export function withActions(
  form: HTMLFormElement,
  write: (dryRun: boolean) => Promise<CurationResult>,
): void {
  const out = el('div', { class: 'curate-result', 'aria-live': 'polite' });
  form.append(
    out,
    el(
      'menu',
      {},
      button('Preview', () => {
        if (!form.reportValidity()) return;
        void attempt(out, 'Previewing', async () => {
          out.replaceChildren(
            el('h4', {}, 'Preview: nothing is written yet'),
            ...describe(await write(true)),
          );
        });
      }),
      el('button', { type: 'submit' }, 'Save'),
      button('Cancel', () => $('reader-facts').replaceChildren()),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void attempt(out, 'Saving', async () => saved(await write(false)));
  });
}

/** A write done: the reader shows the passage highlighted (or no longer), and the change can be undone. */
export async function saved(
  result: CurationResult,
  heading = `Saved as change #${result.event.seq}`,
): Promise<void> {
  const reading = currentSource();
  if (reading) await openSource(reading.id);
  const out = el('div', { class: 'curate-result', 'aria-live': 'polite' });
  const entities = result.event.entities;
  $('reader-facts').replaceChildren(
    el('h3', {}, heading),
    ...describe(result),
    el(
      'menu',
      {},
      ...(entities.length && result.version !== null
        ? [button('Show in graph', () => void act('Adding', () => placeAndClose(entities)))]
        : []),
      button('Undo', () => {
        void attempt(out, 'Undoing', async () => {
          const { undo } = await gql(Undo, { id: result.event.id });
          await saved(undo, `Undone: change #${result.event.seq}, as change #${undo.event.seq}`);
        });
      }),
    ),
    out,
  );
}
