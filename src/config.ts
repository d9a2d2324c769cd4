/** Settings read from the environment once, with defaults for a local machine. */
export interface Config {
  /** `NODE_ENV=production`: development conveniences are off unless switched on. */
  production: boolean;
  /** Bolt URI of an existing server; when unset, `npm start` runs a local Neo4j. */
  neo4jUri: string | undefined;
  neo4jUser: string;
  neo4jPassword: string;
  neo4jDatabase: string;
  /** Interface and port the HTTP server listens on. */
  host: string;
  port: number;
  /** Where the local Neo4j keeps its store. */
  localDataDir: string;
  localBoltPort: number;
  /** GraphiQL, introspection and field suggestions; on in development, off in production. */
  graphiql: boolean;
  introspection: boolean;
  /** Origins allowed to call the API from a browser; none means no CORS headers at all. */
  corsOrigins: string[];
  /** Seconds one GraphQL operation may spend on the database, over all its round trips. */
  queryTimeoutSeconds: number;
  /** Seconds an export's reader may take no byte before the export is cut. */
  exportStallSeconds: number;
  limits: Limits;
  /** Adds `extensions.roundTrips` to every response. */
  debugRoundTrips: boolean;
  /** Where API tokens are kept, hashed (`npm run token:create`). */
  tokensFile: string;
  /** The knowledge base curation writes to: facts files, source texts, the audit log. */
  dataDir: string | undefined;
  /** Webhook registrations and their secrets (mode 0600); by default beside the tokens file. */
  webhooksFile: string | undefined;
  /**
   * Hosts a webhook may be sent to besides loopback (`WEBHOOK_ALLOW`, comma-separated host names or
   * IP addresses; `*` for any). Empty: loopback addresses only.
   */
  webhookAllow: string[];
  /** The delivery log is rotated past `maxBytes`; `keep` rotated files are kept. */
  webhookLog: { maxBytes: number; keep: number };
  responseCache: ResponseCacheConfig;
}

/** The response cache for reads (src/response-cache.ts). */
export interface ResponseCacheConfig {
  enabled: boolean;
  /** Bytes the in-memory LRU keeps at most: its answers as JSON strings, two bytes a character. */
  maxBytes: number;
  /** An answer larger than this (as JSON, in characters) is not kept. */
  maxEntryBytes: number;
  ttlSeconds: number;
  /** How old the graph's version may be before it is read again: writes by other processes wait this long. */
  versionMaxAgeMs: number;
  /** A Redis shared by every replica, instead of one LRU in each. */
  redisUrl: string | undefined;
}

/** What one request may cost. Every value has an environment variable (see the README). */
export interface Limits {
  /** Largest request body, counted in bytes as it arrives. */
  maxBodyBytes: number;
  /** Largest body of a request whose token may curate: a new source's text comes in one. */
  maxCurationBodyBytes: number;
  /** Largest estimated cost of an operation (page sizes multiply what is selected under them). */
  maxComplexity: number;
  /** Most rows one operation may read from the database before it is stopped. */
  maxRows: number;
  /** Largest answer, in bytes of its strings, counted as they are read and before it is sent. */
  maxResponseBytes: number;
  /** Most database sessions one operation holds at once. */
  sessionsPerRequest: number;
  /** Expensive analytics running at once, and waiting beyond those, before SERVER_BUSY. */
  analyticsConcurrency: number;
  analyticsQueue: number;
  /** The shape of one operation (graphql-armor): nesting depth, aliases, tokens, directives. */
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxDirectives: number;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === 'production';
  if (production && env.NEO4J_URI && !env.NEO4J_PASSWORD) {
    throw new Error('NEO4J_PASSWORD must be set in production: there is no default password.');
  }
  return {
    production,
    neo4jUri: env.NEO4J_URI || undefined,
    neo4jUser: env.NEO4J_USER || 'neo4j',
    neo4jPassword: env.NEO4J_PASSWORD || 'password',
    neo4jDatabase: env.NEO4J_DATABASE || 'neo4j',
    host: env.HOST || '127.0.0.1',
    port: integer(env.PORT, 4000, 'PORT'),
    localDataDir: env.NEO4J_LOCAL_DATA || '.data/neo4j',
    localBoltPort: integer(env.NEO4J_LOCAL_PORT, 7687, 'NEO4J_LOCAL_PORT'),
    graphiql: flag(env.GRAPHIQL, !production),
    introspection: flag(env.INTROSPECTION, !production),
    corsOrigins: (env.CORS_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    queryTimeoutSeconds: integer(env.QUERY_TIMEOUT_SECONDS, 15, 'QUERY_TIMEOUT_SECONDS', 1),
    exportStallSeconds: integer(env.EXPORT_STALL_SECONDS, 30, 'EXPORT_STALL_SECONDS', 1),
    limits: {
      maxBodyBytes: integer(env.MAX_BODY_BYTES, 64 * 1024, 'MAX_BODY_BYTES', 1),
      maxCurationBodyBytes: integer(
        env.MAX_CURATION_BODY_BYTES,
        8 * 1024 * 1024,
        'MAX_CURATION_BODY_BYTES',
        1,
      ),
      maxComplexity: integer(env.MAX_COMPLEXITY, 50_000, 'MAX_COMPLEXITY', 1),
      maxRows: integer(env.MAX_ROWS, 50_000, 'MAX_ROWS', 1),
      maxResponseBytes: integer(env.MAX_RESPONSE_BYTES, 16 * 1024 * 1024, 'MAX_RESPONSE_BYTES', 1),
      sessionsPerRequest: integer(env.SESSIONS_PER_REQUEST, 4, 'SESSIONS_PER_REQUEST', 1),
      analyticsConcurrency: integer(env.ANALYTICS_CONCURRENCY, 2, 'ANALYTICS_CONCURRENCY', 1),
      analyticsQueue: integer(env.ANALYTICS_QUEUE, 8, 'ANALYTICS_QUEUE'),
      maxDepth: integer(env.MAX_DEPTH, 10, 'MAX_DEPTH', 1),
      maxAliases: integer(env.MAX_ALIASES, 15, 'MAX_ALIASES', 1),
      maxTokens: integer(env.MAX_TOKENS, 2000, 'MAX_TOKENS', 1),
      maxDirectives: integer(env.MAX_DIRECTIVES, 20, 'MAX_DIRECTIVES', 1),
    },
    debugRoundTrips: flag(env.DEBUG_ROUND_TRIPS, false),
    tokensFile: env.TOKENS_FILE || '.data/tokens.json',
    dataDir: env.KB_DATA_DIR || undefined,
    webhooksFile: env.WEBHOOKS_FILE || undefined,
    webhookAllow: (env.WEBHOOK_ALLOW ?? '')
      .split(',')
      .map((host) => host.trim().toLowerCase())
      .filter(Boolean),
    webhookLog: {
      maxBytes: integer(env.WEBHOOK_LOG_MAX_BYTES, 1024 * 1024, 'WEBHOOK_LOG_MAX_BYTES', 1024),
      keep: integer(env.WEBHOOK_LOG_KEEP, 4, 'WEBHOOK_LOG_KEEP'),
    },
    responseCache: {
      enabled: flag(env.RESPONSE_CACHE, true),
      maxBytes: integer(env.RESPONSE_CACHE_MAX_BYTES, 64 * 1024 * 1024, 'RESPONSE_CACHE_MAX_BYTES', 1),
      maxEntryBytes: integer(env.RESPONSE_CACHE_ENTRY_BYTES, 256 * 1024, 'RESPONSE_CACHE_ENTRY_BYTES', 1),
      ttlSeconds: integer(env.RESPONSE_CACHE_TTL_SECONDS, 3600, 'RESPONSE_CACHE_TTL_SECONDS', 1),
      versionMaxAgeMs: integer(env.RESPONSE_CACHE_VERSION_MS, 1000, 'RESPONSE_CACHE_VERSION_MS'),
      redisUrl: env.RESPONSE_CACHE_REDIS_URL || undefined,
    },
  };
}

export function integer(value: string | undefined, fallback: number, name: string, min = 0): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < min)
    throw new Error(`${name} must be a whole number of at least ${min}, got "${value}"`);
  return parsed;
}

function flag(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return !['0', 'false', 'off', 'no'].includes(value.toLowerCase());
}
