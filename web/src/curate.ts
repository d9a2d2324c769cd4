import type { ResultOf } from 'gql.tada';
import { parse } from 'yaml';
import { act } from './actions.ts';
import { gql } from './api.ts';
import { attempt, type CurationResult, describe, RESULT } from './curation-result.ts';
import { entityIdOf, entityInput } from './entity-input.ts';
import { el } from './format.ts';
import { graphql } from './graphql.ts';
import { currentSource, factActions, openSource, placeAndClose, type Span } from './reader.ts';
import { curator } from './sign-in.ts';
import { $ } from './state.ts';

/**
 * Curation in the reader. Select words of the source and state the relation or entity they support:
 * the selection is the quote, the section is the one the nearest cited passage before it has, and
 * types, kinds and statuses are choices from the ontology. Preview shows what a write would change;
 * Save writes it (facts file, graph, audit log), then offers Show in graph and Undo. Each fact a
 * passage supports can be retracted with a reason, and an entity edited.
 */
const OntologyQuery = graphql(`query Ontology { ontology {
  entityTypes { name description properties { name kind choices } }
  relationTypes { name description }
  qualifiers { name kind choices }
} }`);

const AddRelation = graphql(
  `mutation AddRelation($input: AddRelationInput!, $dryRun: Boolean) {
    addRelation(input: $input, dryRun: $dryRun) { ...CurationFields } }`,
  [RESULT],
);
export const UpsertEntity = graphql(
  `mutation UpsertEntity($input: UpsertEntityInput!, $dryRun: Boolean) {
    upsertEntity(input: $input, dryRun: $dryRun) { ...CurationFields } }`,
  [RESULT],
);
const RetractFact = graphql(
  `mutation RetractFact($id: ID!, $reason: String!) { retractFact(id: $id, reason: $reason) { ...CurationFields } }`,
  [RESULT],
);
export const Undo = graphql(`mutation Undo($id: ID!) { undo(auditEventId: $id) { ...CurationFields } }`, [
  RESULT,
]);
const FactQuery = graphql(`query Fact($id: ID!) { fact(id: $id) { version lines } }`);
const MatchQuery = graphql(`query Match($name: String!, $type: String) {
  match(name: $name, type: $type, first: 5) { score reason entity { id name type } }
}`);

type Ontology = ResultOf<typeof OntologyQuery>['ontology'];
type Property = Ontology['qualifiers'][number];

let ontology: Promise<Ontology> | null = null;
function loadOntology(): Promise<Ontology> {
  ontology ??= gql(OntologyQuery).then(
    (data) => data.ontology,
    (error) => {
      ontology = null; // ask again next time
      throw error;
    },
  );
  return ontology;
}

const button = (label: string, onClick: () => void, attributes: Record<string, string> = {}) => {
  const node = el('button', { type: 'button', ...attributes }, label);
  node.addEventListener('click', onClick);
  return node;
};
const field = (label: string, control: HTMLElement) => el('label', {}, `${label} `, control);

/** The selection in the reader as offsets into the source's text, without white space at its ends. */
function selectedOffsets(body: HTMLElement, text: string): { start: number; end: number } | null {
  const selection = getSelection();
  if (!selection || selection.isCollapsed || !selection.rangeCount) return null;
  const range = selection.getRangeAt(0);
  if (!body.contains(range.commonAncestorContainer)) return null;
  // The reader's text is the source's, cut into text nodes and marks: lengths are offsets.
  const before = document.createRange();
  before.setStart(body, 0);
  before.setEnd(range.startContainer, range.startOffset);
  let start = before.toString().length;
  let end = start + range.toString().length;
  while (start < end && /\s/.test(text[start] as string)) start++;
  while (end > start && /\s/.test(text[end - 1] as string)) end--;
  return end > start ? { start, end } : null;
}

/** The section of the nearest cited passage at or before `offset`. */
export function sectionAt(spans: Span[], offset: number): string {
  let best: Span | undefined;
  for (const span of spans) {
    if (span.section && span.start <= offset && (!best || span.start > best.start)) best = span;
  }
  return best?.section ?? '';
}

export interface Citation {
  source: string;
  section: string;
  quote: string;
}

function offer(citation: Citation): void {
  const out = el('div', { class: 'curate-result', 'aria-live': 'polite' });
  const open = (form: () => Promise<void>) => () => void attempt(out, 'Opening the form', form);
  $('reader-facts').replaceChildren(
    el('h3', {}, 'State a fact'),
    el('blockquote', { class: 'quote' }, citation.quote),
    el(
      'menu',
      {},
      button(
        'New relation',
        open(() => relationForm(citation)),
      ),
      button(
        'New entity',
        open(() => entityForm({ ...citation, props: nameFrom(citation.quote) })),
      ),
    ),
    out,
  );
}

/** A short selection is most likely a name: in Thai script it is the Thai name. */
function nameFrom(quote: string): Record<string, unknown> {
  if (quote.length > 80) return {};
  return /[\u0E00-\u0E7F]/.test(quote) ? { nameTh: quote } : { name: quote };
}

/** A control for one attribute or qualifier: a choice where the ontology lists them, else text. */
function control(property: Property, value: unknown): HTMLInputElement | HTMLSelectElement {
  const choices = property.choices ?? (property.kind === 'boolean' ? ['true', 'false'] : null);
  if (choices) {
    const select = el(
      'select',
      { name: property.name },
      el('option', { value: '' }, '—'),
      ...choices.map((choice) => el('option', { value: choice }, choice)),
    );
    select.value = value === undefined || value === null ? '' : String(value);
    return select;
  }
  const hints: Record<string, Record<string, string>> = {
    date: { placeholder: 'YYYY-MM-DD' },
    integer: { inputmode: 'numeric', pattern: '-?[0-9]+' },
    decimal: { inputmode: 'decimal', pattern: '-?[0-9]+(\\.[0-9]{1,2})?', placeholder: '889200.00' },
    strings: { placeholder: 'comma-separated' },
  };
  const input = el('input', { name: property.name, ...hints[property.kind] });
  input.value = Array.isArray(value) ? value.join(', ') : value === undefined ? '' : String(value);
  return input;
}

/** A control's value as the facts file keeps it; undefined when empty. */
function parseValue(property: Property, raw: string): unknown {
  const text = raw.trim();
  if (!text) return undefined;
  if (property.kind === 'integer') return Number(text);
  if (property.kind === 'boolean') return text === 'true';
  if (property.kind === 'strings') return text.split(/\s*,\s*/).filter(Boolean);
  return text; // strings, dates and decimals ("889200.00": exact, never a float)
}

function values(form: HTMLElement, properties: Property[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const property of properties) {
    const control = form.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${property.name}"]`);
    const value = control ? parseValue(property, control.value) : undefined;
    if (value !== undefined) out[property.name] = value;
  }
  return out;
}

/**
 * Preview and Save for a form: Preview runs the write as a dry run and shows what it would change;
 * Save writes it, then shows the result with Show in graph and Undo.
 */
function withActions(form: HTMLFormElement, write: (dryRun: boolean) => Promise<CurationResult>): void {
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

/** The relation form; `draft` fills in its type and ends (a suggested relation). */
export async function relationForm(
  citation: Citation,
  draft: { type?: string; from?: string; to?: string } = {},
): Promise<void> {
  const { relationTypes, qualifiers } = await loadOntology();
  const type = el(
    'select',
    { name: 'type', required: '' },
    ...relationTypes.map((relation) => el('option', { value: relation.name }, relation.name)),
  );
  const meaning = el('p', { class: 'hint' });
  const explain = () => {
    meaning.textContent = relationTypes.find((relation) => relation.name === type.value)?.description ?? '';
  };
  if (draft.type) type.value = draft.type;
  type.addEventListener('change', explain);
  explain();
  const from = el('input', { id: 'curate-from', required: '', placeholder: 'Thailand or ไทย' });
  const to = el('input', { id: 'curate-to', required: '', placeholder: 'ITU' });
  from.value = draft.from ?? '';
  to.value = draft.to ?? '';
  const section = el('input', { name: 'section', required: '' });
  section.value = citation.section;
  const rows = el('div', { class: 'qualifiers' });
  const addQualifier = () => {
    const name = el(
      'select',
      { 'aria-label': 'Qualifier' },
      ...qualifiers.map((qualifier) => el('option', { value: qualifier.name }, qualifier.name)),
    );
    const slot = el('span');
    const renew = () => {
      const qualifier = qualifiers.find((candidate) => candidate.name === name.value) as Property;
      slot.replaceChildren(control(qualifier, undefined));
    };
    name.addEventListener('change', renew);
    renew();
    const row = el('div', { class: 'qualifier' }, name, slot);
    row.append(button('Remove', () => row.remove(), { class: 'link' }));
    rows.append(row);
  };
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
    el('fieldset', {}, el('legend', {}, 'Qualifiers'), rows, button('Add qualifier', addQualifier)),
  );
  withActions(form, async (dryRun) => {
    const input = {
      type: type.value,
      from: await entityIdOf(from),
      to: await entityIdOf(to),
      source: citation.source,
      section: section.value.trim(),
      quote: citation.quote,
      qualifiers: Object.fromEntries(
        [...rows.querySelectorAll('.qualifier')].flatMap((row) => {
          const name = (row.querySelector('select') as HTMLSelectElement).value;
          const qualifier = qualifiers.find((candidate) => candidate.name === name) as Property;
          const value = parseValue(qualifier, (row.querySelector('span > *') as HTMLInputElement).value);
          return value === undefined ? [] : [[name, value]];
        }),
      ),
    };
    return (await gql(AddRelation, { input, dryRun })).addRelation;
  });
  $('reader-facts').replaceChildren(form);
  entityInput(from);
  entityInput(to);
  from.focus();
}

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

export async function entityForm(draft: EntityDraft): Promise<void> {
  const { entityTypes } = await loadOntology();
  const editing = draft.version !== undefined;
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
  let idTyped = editing || Boolean(draft.id);
  id.addEventListener('input', () => {
    idTyped = true;
  });
  const section = el('input', { name: 'section', required: '' });
  section.value = draft.section;
  const fields = el('div', { class: 'form-grid' });
  const propertiesOf = () =>
    entityTypes.find((entityType) => entityType.name === type.value)?.properties ?? [];
  let current = { ...draft.props };
  const render = () => {
    fields.replaceChildren(
      ...propertiesOf().map((property) => field(property.name, control(property, current[property.name]))),
    );
    // The id follows the English name until the curator types one.
    fields.querySelector('[name="name"]')?.addEventListener('input', (event) => {
      if (!idTyped) id.value = slug((event.target as HTMLInputElement).value);
    });
    for (const name of fields.querySelectorAll('[name="name"], [name="nameTh"]')) {
      name.addEventListener('input', () => findMatches());
    }
  };
  // Another source may state the same entity: offer its id rather than a duplicate.
  const matches = el('div', { class: 'matches', 'aria-live': 'polite' });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const findMatches = () => {
    clearTimeout(timer);
    if (editing) return;
    timer = setTimeout(() => {
      const name = values(fields, propertiesOf());
      const text = String(name.name ?? name.nameTh ?? '').trim();
      if (!text) return matches.replaceChildren();
      void attempt(matches, 'Looking for the same entity', async () => {
        const found = (await gql(MatchQuery, { name: text, type: type.value })).match.filter(
          (hit) => hit.score >= 0.5,
        );
        matches.replaceChildren(
          ...(found.length ? [el('p', { class: 'hint' }, 'Already in the graph?')] : []),
          ...found.map((hit) =>
            el(
              'p',
              {},
              `${hit.entity.name} (${hit.entity.type}, ${hit.entity.id}): ${hit.reason} `,
              button(
                'Use this id',
                () => {
                  id.value = hit.entity.id;
                  idTyped = true;
                  type.value = hit.entity.type;
                  type.dispatchEvent(new Event('change'));
                },
                { class: 'link' },
              ),
            ),
          ),
        );
      });
    }, 300);
  };
  type.addEventListener('change', () => {
    current = { ...current, ...values(fields, propertiesOf()) };
    render();
    findMatches();
  });
  render();
  findMatches();
  if (!idTyped && typeof current.name === 'string') id.value = slug(current.name);
  const form = el(
    'form',
    { class: 'curate-form' },
    el('h3', {}, editing ? `Edit ${draft.id}` : 'New entity'),
    el('blockquote', { class: 'quote' }, draft.quote),
    field('Section', section),
    field('Type', type),
    field('Id', id),
    matches,
    fields,
  );
  withActions(form, async (dryRun) => {
    const input = {
      source: draft.source,
      id: id.value.trim(),
      type: type.value,
      section: section.value.trim(),
      quote: draft.quote,
      props: values(fields, propertiesOf()),
      ...(editing ? { version: draft.version } : {}),
    };
    return (await gql(UpsertEntity, { input, dryRun })).upsertEntity;
  });
  $('reader-facts').replaceChildren(form);
}

/** An entity as its facts file states it, in the entity form. */
async function editEntity(fact: string, source: string): Promise<void> {
  const data = await gql(FactQuery, { id: fact });
  if (!data.fact) throw new Error(`${fact} is no longer in its facts file: reopen the source.`);
  const [item] = parse(data.fact.lines) as Array<Record<string, unknown>>;
  const { id, type, section, quote, rank: _rank, ...props } = item ?? {};
  await entityForm({
    source,
    id: String(id),
    type: String(type),
    section: String(section),
    quote: String(quote),
    props,
    version: data.fact.version,
  });
}

function retractForm(item: HTMLElement, fact: string): void {
  const reason = el('input', { required: '', placeholder: 'e.g. the text says proposed, not agreed' });
  const out = el('div', { class: 'curate-result', 'aria-live': 'polite' });
  const form = el(
    'form',
    { class: 'retract-form' },
    field('Reason', reason),
    el('button', { type: 'submit' }, 'Retract'),
    out,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void attempt(out, 'Retracting', async () => {
      const { retractFact } = await gql(RetractFact, { id: fact, reason: reason.value.trim() });
      await saved(retractFact, `Retracted as change #${retractFact.event.seq}`);
    });
  });
  item.append(form);
  reason.focus();
}

export function initCuration(): void {
  const body = $('reader-text');
  const onSelect = () => {
    const reading = currentSource();
    if (!curator.name || !reading) return;
    const offsets = selectedOffsets(body, reading.text);
    if (!offsets) return;
    offer({
      source: reading.id,
      section: sectionAt(reading.spans, offsets.start),
      quote: reading.text.slice(offsets.start, offsets.end),
    });
  };
  // A drag that starts in the text may end anywhere: the mouse is let go outside it as often.
  let dragging = false;
  body.addEventListener('mousedown', () => {
    dragging = true;
  });
  document.addEventListener('mouseup', () => {
    if (dragging) onSelect();
    dragging = false;
  });
  body.addEventListener('keyup', (event) => {
    if (event.shiftKey) onSelect();
  });
  factActions.push((span, source) => {
    if (!curator.name) return [];
    const fact = `${source}#${span.entity?.id ?? span.relation?.id}`;
    const retract = button('Retract', () => retractForm(retract.parentElement as HTMLElement, fact), {
      class: 'link',
    });
    if (!span.entity) return [retract];
    const out = el('span');
    const edit = button('Edit', () => void attempt(out, 'Opening', () => editEntity(fact, source)), {
      class: 'link',
    });
    return [edit, retract, out];
  });
}
