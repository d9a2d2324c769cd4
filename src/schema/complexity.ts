import { GraphQLError, type GraphQLField, getNullableType, isListType } from 'graphql';

/** Arguments that say how many items a field returns, in the order they are looked for. */
const sizeArgs = ['first', 'limit', 'top'] as const;

/** Lists whose length is bounded by something their parent already counted. */
const boundedByParent = new Set(['nodes', 'edges', 'members', 'edgesFromA', 'edgesFromB', 'via', 'projects']);

/**
 * The cost model (@pothos/plugin-complexity): every field costs 1, and what is selected under a
 * field is multiplied by how many items it may return, read from its page-size argument. So
 * `relations(first: 100) { nodes { node { relations(first: 100) { … } } } }` costs 100 × 100 per
 * inner field, while the same shape with the default pages of 20 costs 400.
 */
export function fieldComplexity(
  args: Record<string, unknown>,
  _context: object,
  // biome-ignore lint/suspicious/noExplicitAny: only the field's name and type are read
  field: GraphQLField<unknown, any, any>,
): { field: number; multiplier: number } {
  for (const name of sizeArgs) {
    const value = args[name];
    if (typeof value === 'number') return { field: 1, multiplier: pathLength(args) * Math.max(1, value) };
  }
  if (typeof args.maxHops === 'number') return { field: 1, multiplier: pathLength(args) };
  if (!isListType(getNullableType(field.type)) || boundedByParent.has(field.name)) {
    return { field: 1, multiplier: 1 };
  }
  // Typed relationship lists hold at most 100 items; 10 is their usual size.
  return { field: 1, multiplier: 10 };
}

/** A path of n hops has n + 1 entities and n edges: what is selected under it repeats that often. */
function pathLength(args: Record<string, unknown>): number {
  return typeof args.maxHops === 'number' ? args.maxHops + 1 : 1;
}

export function tooComplex(complexity: number, max: number | undefined): GraphQLError {
  return new GraphQLError(
    `This operation is too expensive (estimated cost ${complexity}, at most ${max}). Ask for smaller pages, fewer levels or fewer aliases.`,
    { extensions: { code: 'QUERY_TOO_COMPLEX' } },
  );
}
