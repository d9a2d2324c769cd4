/** The explorer's only door to data: our GraphQL API. */
import { print } from '@0no-co/graphql.web';
import type { ResultOf, TadaDocumentNode } from 'gql.tada';
import { graphql } from './graphql.ts';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly unreachable: boolean,
  ) {
    super(message);
  }
}

const tokenKey = 'curation-token';

/**
 * The curator's token, kept for this tab only (sessionStorage): reading needs none, writing sends
 * it as `Authorization: Bearer`. A token the API refuses is forgotten, and `signed-out` says so.
 */
export const session = {
  token: (): string | null => sessionStorage.getItem(tokenKey),
  signIn(token: string): void {
    sessionStorage.setItem(tokenKey, token);
  },
  signOut(): void {
    sessionStorage.removeItem(tokenKey);
    window.dispatchEvent(new Event('signed-out'));
  },
};

/** Runs a typed document; a query without variables takes no second argument. */
export async function gql<Result, Variables>(
  document: TadaDocumentNode<Result, Variables>,
  ...[variables]: keyof Variables extends never ? [] : [Variables]
): Promise<Result> {
  let response: Response;
  try {
    const token = session.token();
    response = await fetch('/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query: print(document), variables: variables ?? {} }),
    });
  } catch {
    throw new ApiError('Cannot reach the API. Check your connection, then retry.', true);
  }
  let body: { data?: Result; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`The API answered ${response.status} without data. Retry in a moment.`, true);
  }
  const error = body.errors?.[0];
  if (error) {
    if (error.extensions?.code === 'UNAUTHENTICATED' && session.token()) {
      session.signOut();
      throw new ApiError('The API refused your token: sign in again.', false);
    }
    const unavailable = error.extensions?.code === 'DATABASE_UNAVAILABLE';
    throw new ApiError(
      unavailable ? 'The database is unavailable. Retry in a moment.' : error.message,
      unavailable,
    );
  }
  return body.data as Result;
}

/**
 * `nodes(ids)` takes at most 100 ids, and an operation's estimated cost grows with them: long lists
 * go in batches of `size`, answered in order.
 */
export async function inBatches<T>(
  ids: string[],
  size: number,
  fetch: (batch: string[]) => Promise<T[]>,
): Promise<T[]> {
  const batches: string[][] = [];
  for (let start = 0; start < ids.length; start += size) batches.push(ids.slice(start, start + size));
  return (await Promise.all(batches.map(fetch))).flat();
}

export const ENTITY = graphql(`fragment EntityFields on Entity { id type name nameTh aliases }`);
export const PROVENANCE = graphql(
  `fragment ProvenanceFields on Provenance { section page quote start end source { id name nameTh date language } }`,
);
export const EDGE = graphql(
  `fragment EdgeFields on Edge { id type from to properties provenance { ...ProvenanceFields } }`,
  [PROVENANCE],
);

export type Entity = ResultOf<typeof ENTITY>;
export type Provenance = ResultOf<typeof PROVENANCE>;
export type Edge = ResultOf<typeof EDGE>;
