/** The explorer's only door to data: our GraphQL API. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly unreachable: boolean,
  ) {
    super(message);
  }
}

export async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new ApiError('Cannot reach the API. Check your connection, then retry.', true);
  }
  let body: { data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`The API answered ${response.status} without data. Retry in a moment.`, true);
  }
  const error = body.errors?.[0];
  if (error) {
    const unavailable = error.extensions?.code === 'DATABASE_UNAVAILABLE';
    throw new ApiError(
      unavailable ? 'The database is unavailable. Retry in a moment.' : error.message,
      unavailable,
    );
  }
  return body.data as T;
}

export interface Entity {
  id: string;
  type: string;
  name: string;
  nameTh: string | null;
  aliases: string[];
}

export interface Provenance {
  section: string | null;
  quote: string;
  source: { id: string; name: string; nameTh: string | null; date: string | null };
}

export interface Edge {
  id: string;
  type: string;
  from: string;
  to: string;
  properties: Record<string, unknown>;
  provenance: Provenance[];
}

export const ENTITY = 'id type name nameTh aliases';
export const PROVENANCE = 'section quote source { id name nameTh date }';
export const EDGE = `id type from to properties provenance { ${PROVENANCE} }`;
