import { initGraphQLTada } from 'gql.tada';
import type { introspection } from './graphql-env.d.ts';

/**
 * Typed GraphQL documents: `tsc` reads each query against schema/schema.graphql (through the
 * generated graphql-env.d.ts) and infers its result and variables.
 */
export const graphql = initGraphQLTada<{
  introspection: introspection;
  scalars: { Date: string; Decimal: string; JSON: Record<string, unknown> };
  // Entities travel between features as plain data, so fragments type selections without masking them.
  disableMasking: true;
}>();
