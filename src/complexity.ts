import { GraphQLError, type GraphQLField, getNullableType, isListType } from 'graphql';

/** Arguments that say how many items a field returns, in the order they are looked for. */
const sizeArgs = ['first', 'limit', 'top'] as const;

/** Lists whose length is bounded by something their parent already counted. */
const boundedByParent = new Set([
  'nodes',
  'edges',
  'members',
  'edgesFromA',
  'edgesFromB',
  'via',
  'projects',
  // One entry per source that states the fact: a few at most.
  'provenance',
  'claimsAdded',
  'claimsRemoved',
  'claimsChanged',
  // One per property of the fact.
  'values',
]);

/**
 * The cost model (@pothos/plugin-complexity): every field costs 1, and what is selected under a
 * field is multiplied by how many items it may return, read from its page-size argument. So
 * `relations(first: 100) { nodes { node { relations(first: 100) { … } } } }` costs 100 × 100 per
 * inner field, while the same shape with the default pages of 20 costs 400.
 */
export function fieldComplexity(
  args: Record<string, unknown>,
  _context: object,
  // biome-ignore lint/suspicious/noExplicitAny: only the field's name, type and arguments are read
  field: GraphQLField<unknown, any, any>,
): { field: number; multiplier: number } {
  // `nodes(ids: […])` returns one entity per id.
  if (Array.isArray(args.ids)) return { field: 1, multiplier: Math.max(1, args.ids.length) };
  // An explicit null means the default to the resolvers, so it costs the default here too.
  const arg = (name: string) => args[name] ?? field.args.find((known) => known.name === name)?.defaultValue;
  const hops = arg('maxHops');
  // A path of n hops has n + 1 entities and n edges: what is selected under it repeats that often.
  const length = typeof hops === 'number' ? hops + 1 : 1;
  for (const name of sizeArgs) {
    const value = arg(name);
    if (typeof value === 'number') return { field: 1, multiplier: length * Math.max(1, value) };
  }
  if (typeof hops === 'number') return { field: 1, multiplier: length };
  if (!isListType(getNullableType(field.type)) || boundedByParent.has(field.name)) {
    return { field: 1, multiplier: 1 };
  }
  // Typed relationship lists hold at most 100 items; 10 is their usual size.
  return { field: 1, multiplier: 10 };
}

/**
 * `Source.text(from, length)` costs 1 per 1,024 code units it may return. A whole text's length is
 * not known until it is read, and may be as long as the answer's byte budget allows: it costs as
 * that slice would (16,385 with the default 16 MiB), so four whole texts in one operation, or a
 * list of them, are refused before any is read. The byte budget counts what is then read.
 */
export function textComplexity(
  args: { length?: number | null },
  ctx: { limits: { maxResponseBytes: number } },
): number {
  const units = typeof args.length === 'number' ? Math.max(0, args.length) : ctx.limits.maxResponseBytes;
  return 1 + Math.ceil(units / 1024);
}

export function tooComplex(complexity: number, max: number | undefined): GraphQLError {
  return new GraphQLError(
    `This operation is too expensive (estimated cost ${complexity}, at most ${max}). Ask for smaller pages, fewer levels or fewer aliases.`,
    { extensions: { code: 'QUERY_TOO_COMPLEX' } },
  );
}
