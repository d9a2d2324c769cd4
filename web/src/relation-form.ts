import { gql } from './api.ts';
import {
  button,
  type Citation,
  control,
  field,
  loadOntology,
  type Property,
  parseValue,
  sectionInput,
} from './curate-fields.ts';
import { withActions } from './curate-save.ts';
import { RESULT } from './curation-result.ts';
import { entityIdOf, entityInput } from './entity-input.ts';
import { el } from './format.ts';
import { graphql } from './graphql.ts';
import { $ } from './state.ts';

/** The form that states a relation a selected quote supports (see curate.ts). */
const AddRelation = graphql(
  `mutation AddRelation($input: AddRelationInput!, $dryRun: Boolean) {
    addRelation(input: $input, dryRun: $dryRun) { ...CurationFields } }`,
  [RESULT],
);

type RelationType = Awaited<ReturnType<typeof loadOntology>>['relationTypes'][number];

/** The relation type as a choice, with its meaning shown under it. */
function typeChoice(relationTypes: RelationType[], chosen?: string) {
  const type = el(
    'select',
    { name: 'type', required: '' },
    ...relationTypes.map((relation) => el('option', { value: relation.name }, relation.name)),
  );
  const meaning = el('p', { class: 'hint' });
  const explain = () => {
    meaning.textContent = relationTypes.find((relation) => relation.name === type.value)?.description ?? '';
  };
  if (chosen) type.value = chosen;
  type.addEventListener('change', explain);
  explain();
  return { type, meaning };
}

/** Rows of qualifiers, each a name and its value; `read` gives them as the facts file keeps them. */
function qualifierRows(qualifiers: Property[]) {
  const rows = el('div', { class: 'qualifiers' });
  const named = (name: string) => qualifiers.find((candidate) => candidate.name === name) as Property;
  const add = () => {
    const name = el(
      'select',
      { 'aria-label': 'Qualifier' },
      ...qualifiers.map((qualifier) => el('option', { value: qualifier.name }, qualifier.name)),
    );
    const slot = el('span');
    const renew = () => slot.replaceChildren(control(named(name.value), undefined));
    name.addEventListener('change', renew);
    renew();
    const row = el('div', { class: 'qualifier' }, name, slot);
    row.append(button('Remove', () => row.remove(), { class: 'link' }));
    rows.append(row);
  };
  const read = () =>
    Object.fromEntries(
      [...rows.querySelectorAll('.qualifier')].flatMap((row) => {
        const name = (row.querySelector('select') as HTMLSelectElement).value;
        const value = parseValue(named(name), (row.querySelector('span > *') as HTMLInputElement).value);
        return value === undefined ? [] : [[name, value]];
      }),
    );
  const fieldset = el('fieldset', {}, el('legend', {}, 'Qualifiers'), rows, button('Add qualifier', add));
  return { fieldset, read };
}

/** The relation form; `draft` fills in its type and ends (a suggested relation). */
export async function relationForm(
  citation: Citation,
  draft: { type?: string; from?: string; to?: string } = {},
): Promise<void> {
  const { relationTypes, qualifiers } = await loadOntology();
  const { type, meaning } = typeChoice(relationTypes, draft.type);
  const from = el('input', { id: 'curate-from', required: '', placeholder: 'Thailand or ไทย' });
  const to = el('input', { id: 'curate-to', required: '', placeholder: 'ITU' });
  from.value = draft.from ?? '';
  to.value = draft.to ?? '';
  const section = sectionInput(citation.section);
  const qualifierSet = qualifierRows(qualifiers);
  const form = el(
    'form',
    { class: 'curate-form' },
    el('h3', {}, 'New relation'),
    el('blockquote', { class: 'quote' }, citation.quote),
    field('Section', section),
    field('Type', type),
    meaning,
    field('From', from),
    field('To', to),
    qualifierSet.fieldset,
  );
  withActions(form, async (dryRun) => {
    const input = {
      type: type.value,
      from: await entityIdOf(from),
      to: await entityIdOf(to),
      source: citation.source,
      section: section.value.trim(),
      quote: citation.quote,
      qualifiers: qualifierSet.read(),
    };
    return (await gql(AddRelation, { input, dryRun })).addRelation;
  });
  $('reader-facts').replaceChildren(form);
  entityInput(from);
  entityInput(to);
  from.focus();
}
