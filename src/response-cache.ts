import { createRedisCache } from '@envelop/response-cache-redis';
import { type Cache, createInMemoryCache, useResponseCache } from '@graphql-yoga/plugin-response-cache';
import { getOperationAST, OperationTypeNode, parse } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { Redis } from 'ioredis';
import type { ResponseCacheConfig } from './config.ts';
import type { Database } from './db/database.ts';
import { hashOf } from './kb/stored.ts';

/**
 * The response cache for reads (@graphql-yoga/plugin-response-cache). The graph changes only when
 * a source is loaded or curated, and either changes a source's facts hash, so every key begins
 * with the graph's version: a hash of every source's id and facts hash, and of the releases. The
 * key is also the response's ETag, so a GET with `If-None-Match` answers 304 while the graph is the
 * same. Not cached: mutations, any request with a token (a curator sees the graph as it is
 * written), errors, and answers larger than `maxEntryBytes`. The in-memory store is an LRU of at
 * most `maxEntries` answers; `redisUrl` shares one store between replicas instead.
 *
 * The version is kept in the process: a mutation through this server forgets it, so its own
 * writes are visible to the next read; writes by another process (a replica, `npm run kb:load`)
 * are seen once the version is older than `versionMaxAgeMs` and is read again (0: every request).
 */
// Releases count too: recording one changes no source, but changes `releases` and `changes`.
const versionQuery = {
  name: 'cache.version',
  cypher: `
    CALL () { MATCH (s:Source) WITH s ORDER BY s.id RETURN collect([s.id, s.hash]) AS sources }
    CALL () { MATCH (r:Release) WITH r ORDER BY r.id RETURN collect(r.id) AS releases }
    RETURN sources, releases`,
};

/** A document that holds a mutation, or does not parse (yoga answers it with an error). */
function writesOrFails(document: string): boolean {
  try {
    return parse(document).definitions.some(
      (definition) =>
        definition.kind === 'OperationDefinition' && definition.operation !== OperationTypeNode.QUERY,
    );
  } catch {
    return true;
  }
}

/** The store: an LRU in this process, or a Redis every replica shares (its size is Redis's to bound). */
function storeOf(config: ResponseCacheConfig): Cache {
  if (!config.redisUrl) return createInMemoryCache({ max: config.maxEntries });
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  redis.on('error', () => {}); // a cache that is away is a miss (below), not a crash
  return createRedisCache({ redis }) as unknown as Cache;
}

/** The graph's version, read from Neo4j at most every `maxAgeMs`, forgotten after a write. */
class GraphVersion {
  private value: string | undefined;
  private readAt = 0;
  /** Bumped by every write: a read of the version that began before one does not count. */
  private generation = 0;

  constructor(
    private readonly db: Database,
    private readonly maxAgeMs: number,
  ) {}

  async current(): Promise<string> {
    if (this.value !== undefined && performance.now() - this.readAt < this.maxAgeMs) return this.value;
    const generation = this.generation;
    const startedAt = performance.now();
    const value = hashOf(await this.db.read(versionQuery));
    if (generation === this.generation) {
      this.value = value;
      this.readAt = startedAt;
    }
    return value;
  }

  forget(): void {
    this.generation += 1;
    this.value = undefined;
  }
}

export function responseCachePlugin(db: Database, config: ResponseCacheConfig): Plugin {
  const inner = storeOf(config);
  const version = new GraphVersion(db, config.versionMaxAgeMs);
  const cache: Cache = {
    async get(key) {
      // An If-None-Match or a key built a moment ago: either way, only the current version counts.
      if (!key.startsWith(`${await version.current()}.`)) return undefined;
      try {
        return await inner.get(key);
      } catch {
        return undefined; // the shared store is away: answer as if uncached
      }
    },
    async set(...args) {
      try {
        await inner.set(...args);
      } catch {
        // the shared store is away: the answer is simply not kept
      }
    },
    invalidate: (...args) => inner.invalidate(...args),
  };
  const uncached = (request: Request) => Boolean(request.headers.get('authorization'));
  const responseCache = useResponseCache({
    // One cache for everyone without a token: an answer does not depend on who asks.
    session: () => null,
    enabled: (request) => !uncached(request),
    cache,
    ttl: config.ttlSeconds * 1000,
    invalidateViaMutation: false,
    buildResponseCacheKey: async ({ documentString, variableValues, operationName, request }) => {
      if (uncached(request) || writesOrFails(documentString)) return `none.${crypto.randomUUID()}`;
      const asked = {
        document: documentString,
        variables: variableValues ?? null,
        operation: operationName ?? null,
      };
      return `${await version.current()}.${hashOf(asked)}`;
    },
    shouldCacheResult: ({ result }) =>
      !result.errors?.length && JSON.stringify(result).length <= config.maxEntryBytes,
  });
  return {
    onPluginInit: ({ addPlugin }) => addPlugin(responseCache),
    // A write through this server (curation) makes the next read read the version again.
    onExecute: ({ args }) =>
      getOperationAST(args.document, args.operationName)?.operation === OperationTypeNode.MUTATION
        ? { onExecuteDone: () => version.forget() }
        : undefined,
  };
}
