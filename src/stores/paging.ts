import { badInput } from '../errors.ts';

/** Page sizes are capped so no request can ask for the whole graph. */
export const MAX_PAGE = 100;

/** `name` is the argument the size came in, for the message. */
export function pageSize(first: number | null | undefined, fallback = 20, name = 'first'): number {
  const size = first ?? fallback;
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE) {
    throw badInput(`${name} must be between 0 and ${MAX_PAGE}, got ${size}`);
  }
  return size;
}

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor<T>(
  cursor: string | null | undefined,
  check: (value: unknown) => value is T,
): T | null {
  if (cursor === null || cursor === undefined) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (check(value)) return value;
  } catch {
    // fall through
  }
  throw badInput('Invalid cursor: pass an endCursor from a previous page');
}
