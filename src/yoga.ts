import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { GraphQLError } from 'graphql';
import { createYoga, type Plugin } from 'graphql-yoga';
import { useAsOf } from './as-of-plugin.ts';
import { canCurate, mayReadRetracted, TokenStore } from './auth/tokens.ts';
import { type Config, type Limits, readConfig } from './config.ts';
import { type AppServices, appServices, type Context, createContext, fullMatches } from './context.ts';
import { Curator } from './curation/curator.ts';
import type { Database } from './db/database.ts';
import { GraphChanges } from './db/graph-changes.ts';
import { userError } from './errors.ts';
import { openFiles } from './export/formats.ts';
import { graphiqlExamples } from './graphiql-examples.ts';
import { ReleaseService } from './releases/release-service.ts';
import { useResponseBytes } from './response-bytes.ts';
import { GraphVersion, responseCachePlugin } from './response-cache.ts';
import { safetyPlugins } from './safety.ts';
import { useDomainErrors } from './schema/errors.ts';
import { schema } from './schema/index.ts';
import { DayCounts } from './stores/day-counts.ts';
import type { ExportOptions } from './stores/graph-records.ts';
import { neo4jClaims } from './webhooks/claims.ts';
import type { SendOptions } from './webhooks/delivery.ts';
import type { DeliveryLogLimits } from './webhooks/delivery-log.ts';
import { createWebhooks, defaultWebhooksFile } from './webhooks/webhooks.ts';

type Exposure = Pick<Config, 'graphiql' | 'introspection' | 'debugRoundTrips'>;

/**
 * What a deployed server shows of itself: no GraphiQL page, no introspection, no round-trip counts.
 * createApp uses it for what it is not told; `npm start` reads the three from the environment.
 */
export const productionOptions: Readonly<Exposure> = {
  graphiql: false,
  introspection: false,
  debugRoundTrips: false,
};

/**
 * What tests and benchmarks want: the schema can be introspected; no GraphiQL page to render; tokens
 * and webhooks in a folder of their own under the system's temporary one (created on first write),
 * never the checkout's `.data/`, where a developer's real webhooks could be told of a test's release.
 */
export const testOptions: Readonly<Exposure & { tokensFile: string; webhooksFile: string }> = {
  ...productionOptions,
  introspection: true,
  ...scratchFiles(join(tmpdir(), `policy-graph-test-${randomUUID()}`)),
};

function scratchFiles(dir: string) {
  return { tokensFile: join(dir, 'tokens.json'), webhooksFile: join(dir, 'webhooks.json') };
}

export type AppConfig = Partial<Exposure> &
  Partial<
    Pick<
      Config,
      'corsOrigins' | 'limits' | 'queryTimeoutSeconds' | 'tokensFile' | 'responseCache' | 'webhookAllow'
    >
  > & {
    /** The knowledge base curation writes to; without it, mutations answer UNAVAILABLE. */
    dataDir?: string;
    /** Webhook registrations; by default beside the tokens file. */
    webhooksFile?: string;
    /** Retries and time limits of webhook deliveries (tests make them short). */
    webhookDelivery?: SendOptions;
    /** When the delivery log is rotated; by default WEBHOOK_LOG_MAX_BYTES and WEBHOOK_LOG_KEEP. */
    webhookLog?: DeliveryLogLimits;
  };

const defaults = readConfig({});

/** Adds `extensions.roundTrips` (Neo4j round trips of the operation) when debugging. */
function useRoundTrips(): Plugin<Context> {
  return {
    onExecute: ({ args }) => ({
      onExecuteDone: ({ result, setResult }) => {
        if (Symbol.asyncIterator in result) return;
        const count = (args.contextValue as Context).budget.count;
        setResult({ ...result, extensions: { ...result.extensions, roundTrips: count } });
      },
    }),
  };
}

/**
 * `/ready`: 503 when Neo4j does not answer; 200 with the sources that failed to load, if any.
 * Yoga's useReadinessCheck matched every request against a URLPattern, 4% of a read's CPU in the
 * profile (docs/reports/profiles.md); comparing the path is enough.
 */
function useReadiness(db: Database, knowledgeBase: KnowledgeBaseStatus | undefined): Plugin<Context> {
  const check = async (): Promise<Response> => {
    if (!(await db.ping()))
      return Response.json({ status: 'unavailable', reason: 'Neo4j does not answer' }, { status: 503 });
    const failed = knowledgeBase?.failedSources() ?? [];
    if (!failed.length) return new Response(null, { status: 200 });
    // 200, not 503: the graph still serves every source, a failed one as its last good load
    // left it; a 503 would take the service out of rotation over one bad facts file.
    return Response.json({
      status: 'degraded',
      failedSources: failed.map(({ source, problems }) => ({
        source,
        problemCount: problems.length,
        problems: problems.slice(0, 20), // enough to find the file, short enough to read
      })),
    });
  };
  return {
    onRequest: ({ url, endResponse }) => (url.pathname === '/ready' ? check().then(endResponse) : undefined),
  };
}

/** Sources the knowledge base skipped at start-up, each with its problems as lines. */
export interface KnowledgeBaseStatus {
  failedSources(): ReadonlyArray<{ source: string; problems: readonly string[] }>;
}

/** The plugins of the app, in the order they see an operation. */
function appPlugins(
  db: Database,
  config: AppConfig,
  services: AppServices,
  changes: GraphChanges,
  knowledgeBase?: KnowledgeBaseStatus,
) {
  const cache = config.responseCache?.enabled ? config.responseCache : undefined;
  // The cache's version of the graph; with it, a read as of its newest source's day is the read now.
  const version = cache && new GraphVersion(db, cache.versionMaxAgeMs);
  // Counts as of a day, summed from a table kept per version of the graph (src/stores/day-counts.ts).
  const dayCounts = version && new DayCounts(db, version);
  return [
    ...safetyPlugins({
      introspection: config.introspection ?? false,
      limits: config.limits ?? defaults.limits,
    }),
    useDomainErrors(),
    // Before the cache: an answer over the byte budget becomes an error, which is not cached.
    useResponseBytes(),
    // Off unless configured: `npm start` turns it on (RESPONSE_CACHE), tests that want it too.
    ...(cache && version ? [responseCachePlugin(version, cache, changes)] : []),
    useReadiness(db, knowledgeBase),
    // After the cache: an answer kept for an asOf is found before the view is read.
    useAsOf(services.dataDir, version, dayCounts),
    ...(config.debugRoundTrips ? [useRoundTrips()] : []),
    {
      // The release poll and the Redis channel end with the app.
      onDispose: () => {
        services.webhooks?.dispatcher.stop();
        return changes.close();
      },
    } satisfies Plugin,
  ];
}

/** What all requests of one app share: limits, queues, tokens, and the curator when there is a data directory. */
function sharedServices(db: Database, config: AppConfig, changes: GraphChanges): AppServices {
  const limits = config.limits ?? defaults.limits;
  const timeoutMs = (config.queryTimeoutSeconds ?? defaults.queryTimeoutSeconds) * 1000;
  const tokensFile = config.tokensFile ?? defaults.tokensFile;
  const services: AppServices = {
    ...appServices(limits, timeoutMs, config.dataDir),
    tokens: new TokenStore(tokensFile),
  };
  if (!config.dataDir) return services;
  const curator = new Curator(db, config.dataDir, changes);
  const releases = new ReleaseService(db, config.dataDir);
  const webhooks = createWebhooks({
    file: config.webhooksFile ?? defaults.webhooksFile ?? defaultWebhooksFile(tokensFile),
    allow: config.webhookAllow ?? defaults.webhookAllow,
    send: config.webhookDelivery,
    log: config.webhookLog ?? defaults.webhookLog,
    releases: () => releases.list(),
    releaseItems: (release) => services.releaseItems.items(release, config.dataDir as string),
    auditLog: () => curator.events(),
    findEntities: (search) => fullMatches(createContext(db, services, null).graph)(search),
    claims: neo4jClaims(db),
    principalOf: (tokenId) => services.tokens?.principalOf(tokenId),
  });
  curator.onWrite((event) => webhooks.dispatcher.curationWrite(event));
  return { ...services, curator, webhooks };
}

/**
 * What the listener asks of the app besides GraphQL. `bodyLimit` is the largest body a request
 * with this `Authorization` header may send: larger for a token that may curate. With such a token,
 * an export holds what was retracted or undone too (src/curation/audit-view.ts).
 */
function listenerHooks(db: Database, services: AppServices, limits: Limits) {
  const bodyLimit = (authorization: string | undefined): number => {
    const principal = services.tokens?.authenticate(authorization);
    return principal !== 'invalid' && canCurate(principal)
      ? limits.maxCurationBodyBytes
      : limits.maxBodyBytes;
  };
  const exportFiles = (format: string, options: ExportOptions, authorization?: string) => {
    const principal = services.tokens?.authenticate(authorization) ?? null;
    if (principal === 'invalid') throw userError('UNAUTHENTICATED', 'The bearer token is not valid');
    return openFiles(db, format, options, mayReadRetracted(principal));
  };
  return {
    bodyLimit,
    exportFiles,
    changeFeed: (query: URLSearchParams, authorization?: string) =>
      changeFeedItems(db, services, query, authorization),
    pageImage: (source: string, page: number) => services.pageViews.image(source, page),
  };
}

/** The items of a change feed (`/feeds/changes.*`): `?since=&sinceRelease=&entity=&q=&types=A,B&first=`. */
async function changeFeedItems(
  db: Database,
  services: AppServices,
  query: URLSearchParams,
  authorization?: string,
) {
  const principal = services.tokens?.authenticate(authorization) ?? null;
  if (principal === 'invalid') throw userError('UNAUTHENTICATED', 'The bearer token is not valid');
  const context = createContext(db, services, principal);
  const first = query.has('first') ? Number(query.get('first')) : 100;
  if (!Number.isInteger(first)) throw userError('BAD_USER_INPUT', 'first must be a whole number');
  const entity = query.get('entity');
  const page = await context.queued(() =>
    context.changes.page({
      since: query.get('since'),
      sinceRelease: query.get('sinceRelease'),
      entities: entity ? [entity] : null,
      search: query.get('q'),
      types: query.get('types')?.split(',').filter(Boolean) ?? null,
      first,
    }),
  );
  const about = entity ? ` about ${entity}` : query.get('q') ? ` for "${query.get('q')}"` : '';
  return { items: page.items, title: `Changes to the digital-policy cooperation graph${about}` };
}

/**
 * How replicas hear of each other's writes: through the cache's Redis when there is one. A
 * replica's write comes with its bookmarks, so on a cluster this one's next read waits for it.
 */
function graphChanges(db: Database, config: AppConfig): GraphChanges {
  const changes = new GraphChanges(config.responseCache?.redisUrl);
  changes.onChange((change, elsewhere) => (elsewhere ? db.learnBookmarks(change.bookmarks) : undefined));
  return changes;
}

/**
 * The GraphQL app, without a listener: tests call `yoga.fetch` directly. What it is not told it
 * takes from `productionOptions` and the environment's defaults.
 */
export function createApp(
  db: Database,
  options: AppConfig = productionOptions,
  knowledgeBase?: KnowledgeBaseStatus,
) {
  const config = { ...productionOptions, ...options };
  const limits = config.limits ?? defaults.limits;
  const corsOrigins = config.corsOrigins ?? defaults.corsOrigins;
  const changes = graphChanges(db, config);
  const services = sharedServices(db, config, changes);
  const yoga = createYoga<Record<string, never>, Context>({
    schema,
    context: ({ request }) => {
      const principal = services.tokens?.authenticate(request.headers.get('authorization')) ?? null;
      if (principal === 'invalid') {
        throw new GraphQLError('The bearer token is not valid', {
          extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
        });
      }
      return createContext(db, services, principal);
    },
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    graphiql: config.graphiql
      ? { title: 'Digital-policy cooperation graph', favicon: '/favicon.svg', ...graphiqlExamples() }
      : false,
    // GraphiQL's scripts come from the npm package, inlined, not from a CDN: it works offline.
    renderGraphiQL: graphiqlPage,
    // Same-origin pages (the explorer, GraphiQL) need no CORS; other origins only when listed.
    cors: corsOrigins.length ? { origin: corsOrigins, credentials: false } : false,
    landingPage: false,
    // The listener reads and counts every body against `bodyLimit` before Yoga sees it
    // (src/request-body.ts). Yoga's own limit would count it again through a stream: 190 µs of CPU
    // a request, 44% of a cached-database read (docs/reports/profiles.md). `yoga.fetch` is for tests.
    maxRequestBodySize: false,
    maskedErrors: true,
    logging: 'warn',
    plugins: appPlugins(db, config, services, changes, knowledgeBase),
  });
  // Exports stream past GraphQL (src/server.ts serves them at /export/<format>).
  return Object.assign(yoga, listenerHooks(db, services, limits));
}

export type App = ReturnType<typeof createApp>;

/** The GraphiQL page is 9 MB of inlined scripts: built once per set of options. */
const graphiqlPages = new Map<string, string>();
function graphiqlPage(options?: Parameters<typeof renderGraphiQL>[0]): string {
  const key = JSON.stringify(options ?? {});
  const page = graphiqlPages.get(key) ?? renderGraphiQL(options);
  graphiqlPages.set(key, page);
  return page;
}
