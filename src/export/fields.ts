import { commonProps, entityTypes, type PropKind, qualifierKinds } from '../model/ontology.ts';

/** The columns of the tabular and graph formats: every property the ontology knows. */
export interface Field {
  name: string;
  kind: PropKind;
}

function fieldsOf(props: Array<[string, PropKind]>): Field[] {
  const kinds = new Map<string, PropKind>();
  // A name two types give different kinds (none today) is text.
  for (const [name, kind] of props)
    kinds.set(name, kinds.has(name) && kinds.get(name) !== kind ? 'string' : kind);
  return [...kinds].map(([name, kind]) => ({ name, kind }));
}

export const entityFields = fieldsOf([
  ...Object.entries(commonProps),
  ...Object.entries(entityTypes).flatMap(([type, def]) =>
    type === 'Source' ? [] : Object.entries(def.props as Record<string, PropKind>),
  ),
]);

export const relationFields = fieldsOf(Object.entries(qualifierKinds));

/** Whether a value is worth writing: empty ones are left out of the graph formats. */
export const isPresent = (value: unknown) => value !== undefined && value !== null && value !== '';

/** A column of the graph formats: a property, or the double beside a decimal. */
export interface GraphColumn {
  name: string;
  kind: PropKind | 'double';
}

/**
 * The columns of GraphML and GEXF: each decimal, kept exact as text, is followed by
 * `<name>Double`, its nearest double, for the tools that size, sort or sum by it (networkx,
 * Gephi). GraphML has no decimal type, and networkx cannot read GEXF's `bigdecimal`.
 */
export const graphColumns = (fields: Field[]): GraphColumn[] =>
  fields.flatMap((field) =>
    field.kind === 'decimal' ? [field, { name: `${field.name}Double`, kind: 'double' as const }] : [field],
  );

/** The values with the double of each decimal present (see graphColumns). */
export function withDoubles(fields: Field[], values: Record<string, unknown>): Record<string, unknown> {
  const doubles = fields
    .filter(({ name, kind }) => kind === 'decimal' && isPresent(values[name]))
    .map(({ name }) => [`${name}Double`, Number(values[name])]);
  return { ...values, ...Object.fromEntries(doubles) };
}

/** A value as one cell or attribute: lists joined with "; ", the rest as the facts file writes it. */
export function text(value: unknown): string {
  return Array.isArray(value) ? value.join('; ') : String(value);
}

/**
 * The citations of a fact as texts, one line per claim, in the same order in each; `page` only
 * when a claim's source has pages (an empty line for the claims of one without).
 */
export function citations(
  claims: ReadonlyArray<{ source: string; section: string; quote: string; page?: number }>,
) {
  const lines = (pick: (claim: (typeof claims)[number]) => string) => claims.map(pick).join('\n');
  return {
    source: lines((claim) => claim.source),
    section: lines((claim) => claim.section),
    quote: lines((claim) => claim.quote),
    ...(claims.some((claim) => claim.page) ? { page: lines((claim) => String(claim.page ?? '')) } : {}),
  };
}
