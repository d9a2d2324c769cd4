import { gql } from './api.ts';
import {
  button,
  type Citation,
  control,
  field,
  loadOntology,
  type Property,
  sectionInput,
  values,
} from './curate-fields.ts';
import { withActions } from './curate-save.ts';
import { attempt, RESULT } from './curation-result.ts';
import { el } from './format.ts';
import { graphql } from './graphql.ts';
import { $ } from './state.ts';

/** The form that states or edits an entity a selected quote supports (see curate.ts). */
export const UpsertEntity = graphql(
  `mutation UpsertEntity($input: UpsertEntityInput!, $dryRun: Boolean) {
    upsertEntity(input: $input, dryRun: $dryRun) { ...CurationFields } }`,
  [RESULT],
);
const MatchQuery = graphql(`query Match($name: String!, $type: String) {
  match(name: $name, type: $type, first: 5) { score reason entity { id name type } }
}`);

export interface EntityDraft extends Citation {
  id?: string;
  type?: string;
  props: Record<string, unknown>;
  /** Set when editing what the source already states. */
  version?: string;
}

const slug = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** The type and id inputs; `typed` tells whether the id is the curator's own, not one made from the name. */
function identity(entityTypes: Array<{ name: string }>, draft: EntityDraft, editing: boolean) {
  const type = el(
    'select',
    { name: 'entity-type', required: '' },
    ...entityTypes.map((entityType) => el('option', { value: entityType.name }, entityType.name)),
  );
  type.value = draft.type ?? 'Organization';
  type.disabled = editing;
  const id = el('input', {
    name: 'entity-id',
    required: '',
    pattern: '[a-z0-9]+(-[a-z0-9]+)*',
    placeholder: 'asean-ict-fund',
  });
  id.value = draft.id ?? '';
  id.readOnly = editing;
  const state = { type, id, typed: editing || Boolean(draft.id) };
  id.addEventListener('input', () => {
    state.typed = true;
  });
  return state;
}

type Identity = ReturnType<typeof identity>;

/**
 * Another source may state the same entity: as the name is typed, the graph's close matches are
 * shown, each with its id to use rather than a duplicate's. Not when editing.
 */
function matchFinder(who: Identity, names: () => Record<string, unknown>, editing: boolean) {
  const matches = el('div', { class: 'matches', 'aria-live': 'polite' });
  const use = (hit: { id: string; type: string }) => {
    who.id.value = hit.id;
    who.typed = true;
    who.type.value = hit.type;
    who.type.dispatchEvent(new Event('change'));
  };
  const show = async (text: string) => {
    const found = (await gql(MatchQuery, { name: text, type: who.type.value })).match.filter(
      (hit) => hit.score >= 0.5,
    );
    matches.replaceChildren(
      ...(found.length ? [el('p', { class: 'hint' }, 'Already in the graph?')] : []),
      ...found.map((hit) =>
        el(
          'p',
          {},
          `${hit.entity.name} (${hit.entity.type}, ${hit.entity.id}): ${hit.reason} `,
          button('Use this id', () => use(hit.entity), { class: 'link' }),
        ),
      ),
    );
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const find = () => {
    clearTimeout(timer);
    if (editing) return;
    timer = setTimeout(() => {
      const name = names();
      const text = String(name.name ?? name.nameTh ?? '').trim();
      if (!text) return matches.replaceChildren();
      void attempt(matches, 'Looking for the same entity', () => show(text));
    }, 300);
  };
  return { matches, find };
}

/** The form for a new entity, or for one the source states (`draft.version` set). */
export async function entityForm(draft: EntityDraft): Promise<void> {
  const { entityTypes } = await loadOntology();
  const editing = draft.version !== undefined;
  const who = identity(entityTypes, draft, editing);
  const section = sectionInput(draft.section);
  const fields = el('div', { class: 'form-grid' });
  const propertiesOf = (): Property[] =>
    entityTypes.find((entityType) => entityType.name === who.type.value)?.properties ?? [];
  const finder = matchFinder(who, () => values(fields, propertiesOf()), editing);
  let current = { ...draft.props };
  const render = () => {
    fields.replaceChildren(
      ...propertiesOf().map((property) => field(property.name, control(property, current[property.name]))),
    );
    // The id follows the English name until the curator types one.
    fields.querySelector('[name="name"]')?.addEventListener('input', (event) => {
      if (!who.typed) who.id.value = slug((event.target as HTMLInputElement).value);
    });
    for (const name of fields.querySelectorAll('[name="name"], [name="nameTh"]')) {
      name.addEventListener('input', () => finder.find());
    }
  };
  who.type.addEventListener('change', () => {
    current = { ...current, ...values(fields, propertiesOf()) };
    render();
    finder.find();
  });
  render();
  finder.find();
  if (!who.typed && typeof current.name === 'string') who.id.value = slug(current.name);
  const form = el(
    'form',
    { class: 'curate-form' },
    el('h3', {}, editing ? `Edit ${draft.id}` : 'New entity'),
    el('blockquote', { class: 'quote' }, draft.quote),
    field('Section', section),
    field('Type', who.type),
    field('Id', who.id),
    finder.matches,
    fields,
  );
  withActions(form, async (dryRun) => {
    const input = {
      source: draft.source,
      id: who.id.value.trim(),
      type: who.type.value,
      section: section.value.trim(),
      quote: draft.quote,
      props: values(fields, propertiesOf()),
      ...(editing ? { version: draft.version } : {}),
    };
    return (await gql(UpsertEntity, { input, dryRun })).upsertEntity;
  });
  $('reader-facts').replaceChildren(form);
}
