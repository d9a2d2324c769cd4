/** Settings read from the environment once, with defaults for a local machine. */
export interface Config {
  /** Bolt URI of an existing server; when unset, `npm start` runs a local Neo4j. */
  neo4jUri: string | undefined;
  neo4jUser: string;
  neo4jPassword: string;
  neo4jDatabase: string;
  port: number;
  /** Where the local Neo4j keeps its store. */
  localDataDir: string;
  localBoltPort: number;
  /** GraphiQL and introspection; on unless switched off. */
  graphiql: boolean;
  introspection: boolean;
  /** Seconds before Neo4j aborts one of our transactions. */
  queryTimeoutSeconds: number;
  /** Adds `extensions.roundTrips` to every response. */
  debugRoundTrips: boolean;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    neo4jUri: env.NEO4J_URI || undefined,
    neo4jUser: env.NEO4J_USER || 'neo4j',
    neo4jPassword: env.NEO4J_PASSWORD || 'password',
    neo4jDatabase: env.NEO4J_DATABASE || 'neo4j',
    port: integer(env.PORT, 4000, 'PORT'),
    localDataDir: env.NEO4J_LOCAL_DATA || '.data/neo4j',
    localBoltPort: integer(env.NEO4J_LOCAL_PORT, 7687, 'NEO4J_LOCAL_PORT'),
    graphiql: flag(env.GRAPHIQL, true),
    introspection: flag(env.INTROSPECTION, true),
    queryTimeoutSeconds: integer(env.QUERY_TIMEOUT_SECONDS, 15, 'QUERY_TIMEOUT_SECONDS'),
    debugRoundTrips: flag(env.DEBUG_ROUND_TRIPS, false),
  };
}

function integer(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0)
    throw new Error(`${name} must be a whole number, got "${value}"`);
  return parsed;
}

function flag(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return !['0', 'false', 'off', 'no'].includes(value.toLowerCase());
}
