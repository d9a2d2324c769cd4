import { gql } from './api.ts';
import { attempt, describe, RESULT } from './curation-result.ts';
import { el } from './format.ts';
import { graphql } from './graphql.ts';
import { openSource } from './reader.ts';
import { $ } from './state.ts';

/**
 * New source: a document's text (pasted, or read from a .txt file) and its metadata become its three
 * files, as `npm run kb:new` makes them; a PDF, scan, Word file or web page is uploaded and read on
 * the server page by page, as `npm run kb:import` reads it. The reader then opens on it, ready for
 * its first facts.
 */
const CreateSource = graphql(
  `mutation CreateSource($input: CreateSourceInput!, $dryRun: Boolean) {
    createSource(input: $input, dryRun: $dryRun) { ...CurationFields } }`,
  [RESULT],
);

const ImportSource = graphql(
  `mutation ImportSource($input: ImportSourceInput!, $dryRun: Boolean) {
    importSource(input: $input, dryRun: $dryRun) { ...CurationFields } }`,
  [RESULT],
);

/** The file's bytes in base64, as importSource takes them. */
function base64Of(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error(`could not read ${file.name}`));
    reader.readAsDataURL(file);
  });
}

const isPlainText = (file: File) => /\.(txt|md)$/i.test(file.name) || file.type === 'text/plain';

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
  // A document other than plain text is read on the server: the text box waits for it.
  let upload: File | null = null;
  const text = control('text');
  const allowMissing = form.querySelector<HTMLElement>('.allow-missing') as HTMLElement;
  const setUpload = (file: File | null) => {
    upload = file;
    text.disabled = text.required = !!file;
    text.placeholder = file
      ? `${file.name} is read on the server, page by page, when you preview or add it.`
      : '';
    allowMissing.hidden = !file;
  };
  control('file').addEventListener('change', () => {
    const file = control('file').files?.[0] ?? null;
    setUpload(file && !isPlainText(file) ? file : null);
    if (!file || upload) return;
    void attempt(out, 'Reading the file', async () => {
      text.value = await file.text();
    });
  });
  form.addEventListener('reset', () => setUpload(null));
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
  /** createSource with the text, or importSource with the uploaded document. */
  const save = async (dryRun: boolean) => {
    if (!upload) return (await gql(CreateSource, { input: input(), dryRun })).createSource;
    const { text: _, ...meta } = input();
    const content = await base64Of(upload);
    const allowMissingPages = control('allowMissingPages').checked;
    const importInput = { ...meta, fileName: upload.name, content, allowMissingPages };
    return (await gql(ImportSource, { input: importInput, dryRun })).importSource;
  };
  $('new-source-preview').addEventListener('click', () => {
    if (!form.reportValidity()) return;
    void attempt(out, upload ? `Reading ${upload.name}` : 'Previewing', async () => {
      const result = await save(true);
      out.replaceChildren(el('h4', {}, 'Preview: nothing is written yet'), ...describe(result));
    });
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void attempt(out, upload ? `Importing ${upload.name}` : 'Adding the source', async () => {
      const result = await save(false);
      form.reset();
      dialog.close();
      await openSource(result.fact);
    });
  });
}
