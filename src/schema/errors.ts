import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { DomainError } from '../errors.ts';

/** A domain error thrown by a store or service, as a coded GraphQL error at the same place. */
function toGraphQLError(error: GraphQLError): GraphQLError {
  const original = error.originalError;
  if (!(original instanceof DomainError)) return error;
  return new GraphQLError(original.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    extensions: original.extensions,
  });
}

/**
 * Turns the domain errors of an execution into coded GraphQL errors before Yoga masks what is
 * left, so expected failures (NOT_FOUND, BAD_USER_INPUT…) reach the client and are not logged as
 * crashes, while anything unexpected stays masked.
 */
export function useDomainErrors(): Plugin {
  return {
    onExecute: () => ({
      onExecuteDone: ({ result, setResult }) => {
        if (Symbol.asyncIterator in result || !result.errors?.length) return;
        setResult({ ...result, errors: result.errors.map(toGraphQLError) });
      },
    }),
  };
}
