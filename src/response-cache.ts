import { type Cache, useResponseCache } from '@graphql-yoga/plugin-response-cache';
import { getOperationAST, OperationTypeNode, parse } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';
import type { ResponseCacheConfig } from './config.ts';
import type { Database } from './db/database.ts';
import type { GraphChanges } from './db/graph-changes.ts';
import { newestSourceOf, versionOf, versionQuery } from './db/graph-version.ts';
import { hashOf } from './model/stored.ts';

/**
 * The response cache for reads (@graphql-yoga/plugin-response-cache). The graph changes only when
 * a source is loaded or curated, and either changes a source's facts hash, so every key begins
 * with the graph's version: a hash of every source's id and facts hash, and of the releases. The
 * key is also the response's ETag, so a GET with `If-None-Match` answers 304 while the graph is the
 * same; such answers say `Cache-Control: public, max-age=0, must-revalidate` (an HTTP cache keeps
 * them and asks again each time) and `Vary: Authorization` (a token's answer is never one of them).
 * Not cached: mutations, any request with a token (a curator sees the graph as it is written),
 * errors, and answers larger than `maxEntryBytes`. Answers are kept as their JSON, a string: kept
 * as objects they took 8-10 times their JSON's size. The in-memory store is an LRU of at most
 * `maxBytes`; `redisUrl` shares one store between replicas instead.
 *
 * The version is kept in the process and forgotten on every change to the graph that
 * src/db/graph-changes.ts reports: this server's own writes, and with Redis every replica's, so
 * the next read anywhere reads it again. Writes that report nothing (`npm run kb:load`) are seen
 * once the version is older than `versionMaxAgeMs` and is read again (0: every request).
 */
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

/** Where answers are kept, as their JSON, for `ttlMs`. */
interface AnswerStore {
  get(key: string): Promise<string | null | undefined> | string | undefined;
  set(key: string, json: string, ttlMs: number): unknown;
}

/** An entry's key, its place in the LRU's lists and its map slot, beyond its JSON: about 200 bytes. */
const entryOverhead = 200;

/**
 * What an entry keeps in memory: V8 holds a string with any character past Latin-1 (Thai names
 * are in most answers) at two bytes a character, so every answer is counted so.
 */
export const entryBytes = (key: string, json: string) => 2 * json.length + key.length + entryOverhead;

/** The store: an LRU in this process, or a Redis every replica shares (its size is Redis's to bound). */
function storeOf(config: ResponseCacheConfig, changes: GraphChanges): AnswerStore {
  const redis = changes.redis;
  if (!redis) {
    const answers = new LRUCache<string, string>({
      maxSize: config.maxBytes,
      sizeCalculation: (json, key) => entryBytes(key, json),
    });
    return { get: (key) => answers.get(key), set: (key, json, ttl) => answers.set(key, json, { ttl }) };
  }
  // Plain keys that expire: the graph's version in each key invalidates, so no entity index is kept.
  return { get: (key) => redis.get(key), set: (key, json, ttl) => redis.set(key, json, 'PX', ttl) };
}

/**
 * The graph's version, read from Neo4j at most every `maxAgeMs`, forgotten after a write; with it
 * the newest source date of that version.
 */
type VersionRead = { value: string; newest: string | null };

export class GraphVersion {
  private kept: VersionRead | undefined;
  private readAt = 0;
  /** The read in flight, shared by the requests that come while it runs (none after a write). */
  private reading: { generation: number; read: Promise<VersionRead> } | undefined;
  /** Bumped by every write: a read of the version that began before one does not count. */
  private generation = 0;

  constructor(
    private readonly db: Database,
    private readonly maxAgeMs: number,
  ) {}

  async current(): Promise<string> {
    return (await this.read()).value;
  }

  /** The newest date of a source in the current version; null without dated sources. */
  async newestSource(): Promise<string | null> {
    return (await this.read()).newest;
  }

  /** Changes with every `forget`: a read that began before one may hold an answer of the old graph. */
  get changes(): number {
    return this.generation;
  }

  forget(): void {
    this.generation += 1;
    this.kept = undefined;
  }

  private async read(): Promise<VersionRead> {
    if (this.kept !== undefined && performance.now() - this.readAt < this.maxAgeMs) return this.kept;
    if (this.reading?.generation === this.generation) return this.reading.read;
    const reading = { generation: this.generation, read: this.readNow() };
    this.reading = reading;
    try {
      return await reading.read;
    } finally {
      if (this.reading === reading) this.reading = undefined;
    }
  }

  private async readNow(): Promise<VersionRead> {
    const generation = this.generation;
    const startedAt = performance.now();
    const [row] = await this.db.read(versionQuery);
    const read = { value: versionOf(row), newest: newestSourceOf(row) };
    if (generation === this.generation) {
      this.kept = read;
      this.readAt = startedAt;
    }
    return read;
  }
}

export function responseCachePlugin(
  version: GraphVersion,
  config: ResponseCacheConfig,
  changes: GraphChanges,
): Plugin {
  const store = storeOf(config, changes);
  changes.onChange(() => version.forget());
  const cache: Cache = {
    async get(key) {
      // An If-None-Match or a key built a moment ago: either way, only the current version counts.
      if (!key.startsWith(`${await version.current()}.`)) return undefined;
      const seen = version.changes;
      try {
        const json = await store.get(key);
        // Redis sent a replica's change to this process before its answer to `get`: heard on the
        // way, it makes the answer one of the old graph.
        return json && version.changes === seen ? JSON.parse(json) : undefined;
      } catch {
        return undefined; // the shared store is away: answer as if uncached
      }
    },
    async set(key, result, _entities, ttl) {
      const json = JSON.stringify(result);
      if (json.length > config.maxEntryBytes) return;
      try {
        await store.set(key, json, ttl);
      } catch {
        // the shared store is away: the answer is simply not kept
      }
    },
    // Nothing to do: a write changes the graph's version, which begins every key.
    invalidate: () => {},
  };
  const uncached = (request: Request) => Boolean(request.headers.get('authorization'));
  const responseCache = useResponseCache({
    // One cache for everyone without a token: an answer does not depend on who asks.
    session: () => null,
    enabled: (request) => !uncached(request),
    cache,
    ttl: config.ttlSeconds * 1000,
    invalidateViaMutation: false,
    // Suggestions change with a rejection (a file), which changes no version: never kept. Nor the
    // changes since: a replica without Redis keeps its version for `versionMaxAgeMs`, and a feed
    // reader asks for what is new at once (the audit log, like every other read, is kept: its
    // events count in the version).
    ttlPerSchemaCoordinate: { 'Source.suggestions': 0, 'Query.changesSince': 0 },
    buildResponseCacheKey: async ({ documentString, variableValues, operationName, request }) => {
      if (uncached(request) || writesOrFails(documentString)) return `none.${crypto.randomUUID()}`;
      const asked = {
        document: documentString,
        variables: variableValues ?? null,
        operation: operationName ?? null,
      };
      return `${await version.current()}.${hashOf(asked)}`;
    },
    // The size is checked where the answer is serialised to be kept (`set`).
    shouldCacheResult: ({ result }) => !result.errors?.length,
  });
  return {
    onPluginInit: ({ addPlugin }) => addPlugin(responseCache),
    // An HTTP cache may keep an answer with an ETag (a 200 or a 304), but asks again before each use.
    onResponse: ({ response }) => {
      if (!response.headers.has('etag')) return;
      response.headers.set('cache-control', 'public, max-age=0, must-revalidate');
      response.headers.append('vary', 'Authorization');
    },
    // A write through this server (curation) makes the next read read the version again.
    onExecute: ({ args }) =>
      getOperationAST(args.document, args.operationName)?.operation === OperationTypeNode.MUTATION
        ? { onExecuteDone: () => version.forget() }
        : undefined,
  };
}
