import { GraphQLError } from 'graphql';

/** Error codes a client can rely on, in `extensions.code`. */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'DATABASE_UNAVAILABLE'
  | 'QUERY_TIMEOUT'
  | 'QUERY_TOO_LARGE'
  | 'QUERY_TOO_COMPLEX';

export function userError(code: ErrorCode, message: string, details?: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...details } });
}

export const badInput = (message: string, details?: Record<string, unknown>) =>
  userError('BAD_USER_INPUT', message, details);

export const notFound = (message: string) => userError('NOT_FOUND', message);
