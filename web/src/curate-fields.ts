import type { ResultOf } from 'gql.tada';
import { gql } from './api.ts';
import { el } from './format.ts';
import { graphql } from './graphql.ts';

/**
 * What the curation forms (relation-form.ts, entity-form.ts) are built of: the ontology's types,
 * kinds and statuses as choices, and a control per attribute or qualifier with its value as the
 * facts file keeps it.
 */
const OntologyQuery = graphql(`query Ontology { ontology {
  entityTypes { name description properties { name kind choices } }
  relationTypes { name description }
  qualifiers { name kind choices }
} }`);

type Ontology = ResultOf<typeof OntologyQuery>['ontology'];
export type Property = Ontology['qualifiers'][number];

/** Where a fact is cited: the source, its section and the selected quote. */
export interface Citation {
  source: string;
  section: string;
  quote: string;
}

let ontology: Promise<Ontology> | null = null;
export function loadOntology(): Promise<Ontology> {
  ontology ??= gql(OntologyQuery).then(
    (data) => data.ontology,
    (error) => {
      ontology = null; // ask again next time
      throw error;
    },
  );
  return ontology;
}

export const button = (label: string, onClick: () => void, attributes: Record<string, string> = {}) => {
  const node = el('button', { type: 'button', ...attributes }, label);
  node.addEventListener('click', onClick);
  return node;
};

export const field = (label: string, control: HTMLElement) => el('label', {}, `${label} `, control);

/** The section input, filled in with the section the citation has. */
export function sectionInput(section: string): HTMLInputElement {
  const input = el('input', { name: 'section', required: '' });
  input.value = section;
  return input;
}

/** A control for one attribute or qualifier: a choice where the ontology lists them, else text. */
export function control(property: Property, value: unknown): HTMLInputElement | HTMLSelectElement {
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
export function parseValue(property: Property, raw: string): unknown {
  const text = raw.trim();
  if (!text) return undefined;
  if (property.kind === 'integer') return Number(text);
  if (property.kind === 'boolean') return text === 'true';
  if (property.kind === 'strings') return text.split(/\s*,\s*/).filter(Boolean);
  return text; // strings, dates and decimals ("889200.00": exact, never a float)
}

/** The values of the controls for `properties` in `form`, the empty ones left out. */
export function values(form: HTMLElement, properties: Property[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const property of properties) {
    const control = form.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${property.name}"]`);
    const value = control ? parseValue(property, control.value) : undefined;
    if (value !== undefined) out[property.name] = value;
  }
  return out;
}
