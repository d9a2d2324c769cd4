import { gql } from './api.ts';
import { attempt, describe, RESULT } from './curation-result.ts';
import { el } from './format.ts';
import { graphql } from './graphql.ts';
import { openSource } from './reader.ts';
import { $ } from './state.ts';

/**
 * New source: a document's text (pasted, or read from a .txt file) and its metadata become its three
 * files, as `npm run kb:new` makes them; the reader then opens on it, ready for its first facts.
 */
const CreateSource = graphql(
  `mutation CreateSource($input: CreateSourceInput!, $dryRun: Boolean) {
    createSource(input: $input, dryRun: $dryRun) { ...CurationFields } }`,
  [RESULT],
);

export function initNewSource(): void {
  const dialog = $<HTMLDialogElement>('new-source-dialog');
  const form = $<HTMLFormElement>('new-source-form');
  const out = $('new-source-result');
  const control = (name: string) => form.elements.namedItem(name) as HTMLInputElement;
  $('new-source').addEventListener('click', () => {
    out.replaceChildren();
    dialog.showModal();
  });
  $('new-source-cancel').addEventListener('click', () => dialog.close());
  control('file').addEventListener('change', () => {
    const file = control('file').files?.[0];
    if (!file) return;
    void attempt(out, 'Reading the file', async () => {
      control('text').value = await file.text();
    });
  });
  const input = () => {
    const optional = (name: string) => control(name).value.trim() || undefined;
    return {
      id: control('id').value.trim(),
      date: control('date').value,
      titleTh: optional('titleTh'),
      titleEn: optional('titleEn'),
      issuer: optional('issuer'),
      url: optional('url'),
      language: optional('language'),
      text: control('text').value, // kept exactly: quotes are checked against it
    };
  };
  $('new-source-preview').addEventListener('click', () => {
    if (!form.reportValidity()) return;
    void attempt(out, 'Previewing', async () => {
      const { createSource } = await gql(CreateSource, { input: input(), dryRun: true });
      out.replaceChildren(el('h4', {}, 'Preview: nothing is written yet'), ...describe(createSource));
    });
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void attempt(out, 'Adding the source', async () => {
      const { createSource } = await gql(CreateSource, { input: input(), dryRun: false });
      form.reset();
      dialog.close();
      await openSource(createSource.fact);
    });
  });
}
