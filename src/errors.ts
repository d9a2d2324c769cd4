/** Error codes a client can rely on, in `extensions.code`. */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'DATABASE_UNAVAILABLE'
  | 'QUERY_TIMEOUT'
  | 'QUERY_TOO_LARGE'
  | 'RESPONSE_TOO_LARGE'
  | 'QUERY_TOO_COMPLEX'
  | 'SERVER_BUSY'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'CONFLICT';

/**
 * An expected failure, thrown by stores and services, which know nothing of GraphQL. The schema
 * layer turns it into a GraphQL error with `extensions` as given (src/schema/errors.ts); anything
 * else that is thrown is masked.
 */
export class DomainError extends Error {
  override name = 'DomainError';
  readonly extensions: { code: ErrorCode } & Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.extensions = { code, ...details };
  }
}

export function userError(code: ErrorCode, message: string, details?: Record<string, unknown>): DomainError {
  return new DomainError(code, message, details);
}

export const badInput = (message: string, details?: Record<string, unknown>) =>
  userError('BAD_USER_INPUT', message, details);

export const notFound = (message: string) => userError('NOT_FOUND', message);

/** A value a client sent, shortened for an error message: a 60 KB id is not echoed back. */
export function quoted(value: string, max = 80): string {
  return JSON.stringify(clip(value, max));
}

/** The same, unquoted, for a value of any type. */
export function clip(value: unknown, max = 80): string {
  const text = typeof value === 'string' ? value : String(JSON.stringify(value));
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
