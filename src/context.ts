import { ProjectionCache } from './analytics/graph-metrics.ts';
import type { Principal, TokenStore } from './auth/tokens.ts';
import { ReleaseItemCache } from './changes/release-cache.ts';
import type { Limits } from './config.ts';
import type { Curator } from './curation/curator.ts';
import { OperationBudget } from './db/budget.ts';
import type { Database } from './db/database.ts';
import { dataDir as defaultDataDir } from './facts/source-files.ts';
import { ReleaseService } from './releases/release-service.ts';
import { AnalyticsService } from './services/analytics-service.ts';
import { AuditLogService } from './services/audit-log-service.ts';
import { ChangeService } from './services/change-service.ts';
import { MatchService } from './services/match-service.ts';
import { PageViews } from './services/page-views.ts';
import { WebhookService } from './services/webhook-service.ts';
import { AnalyticsStore } from './stores/analytics-store.ts';
import { noScope, type ReadScope } from './stores/as-of.ts';
import { EntityStore } from './stores/entity-store.ts';
import { GraphStore } from './stores/graph-store.ts';
import { ListStore } from './stores/list-store.ts';
import { PathStore } from './stores/path-store.ts';
import { SourceStore } from './stores/source-store.ts';
import type { Webhooks } from './webhooks/webhooks.ts';
import { operationSlot, WorkQueue } from './work-queue.ts';

/** Shared by all requests of one app. */
export interface AppServices {
  /** Graph projections for the iterative algorithms. */
  projections: ProjectionCache;
  /** Where expensive analytics wait their turn. */
  expensive: WorkQueue;
  limits: Pick<Limits, 'maxComplexity' | 'maxRows' | 'sessionsPerRequest' | 'maxResponseBytes'>;
  timeoutMs: number;
  /** Curation writes; undefined when the app has no knowledge base directory to write to. */
  curator?: Curator;
  tokens?: TokenStore;
  /** The knowledge base directory releases are read from. */
  dataDir: string;
  /** Pages of imported originals, for the reader. */
  pageViews: PageViews;
  /** What each release changed, computed once (src/changes/). */
  releaseItems: ReleaseItemCache;
  /** Webhook registrations and deliveries; undefined without a knowledge base directory. */
  webhooks?: Webhooks;
}

/**
 * What every resolver gets: this request's budget, its stores (data access), the analytics
 * service (rules over stores), and what all requests share.
 */
export interface Context extends AppServices {
  budget: OperationBudget;
  /** The moment this operation reads the graph at: `asOf` (src/as-of-plugin.ts), or now. */
  scope: ReadScope;
  entities: EntityStore;
  lists: ListStore;
  graph: GraphStore;
  paths: PathStore;
  sources: SourceStore;
  analytics: AnalyticsService;
  /** Curation writes as this request's reader may see them. */
  auditLog: AuditLogService;
  /** Which entities a name may be the same as (rules over the graph store). */
  matching: MatchService;
  /** Who sent the request; null without a token. A bad token is refused before this. */
  principal: Principal | null;
  /** The releases under the data directory, and what changed between them. */
  releases: ReleaseService;
  /** What changed since a date or release, from the releases and the audit log. */
  changes: ChangeService;
  /** This token's webhooks. */
  following: WebhookService;
  /** Runs expensive work in this operation's slot of the shared queue (waiting at most its budget). */
  queued<T>(work: () => Promise<T>): Promise<T>;
}

export function appServices(
  limits: Pick<
    Limits,
    | 'maxComplexity'
    | 'maxRows'
    | 'sessionsPerRequest'
    | 'maxResponseBytes'
    | 'analyticsConcurrency'
    | 'analyticsQueue'
  >,
  timeoutMs: number,
  dataDir: string = defaultDataDir,
): AppServices {
  return {
    projections: new ProjectionCache(),
    expensive: new WorkQueue(limits.analyticsConcurrency, limits.analyticsQueue),
    limits,
    timeoutMs,
    dataDir,
    pageViews: new PageViews(dataDir),
    releaseItems: new ReleaseItemCache(),
  };
}

/** The ids of a saved search's full matches (its first 20): what a feed or a webhook follows. */
export function fullMatches(graph: GraphStore) {
  return async (search: string) =>
    (await graph.search(search, null, 20)).filter((hit) => !hit.partial).map((hit) => hit.entity.id);
}

export function createContext(
  db: Database,
  services: AppServices,
  principal: Principal | null = null,
): Context {
  const budget = new OperationBudget({
    timeoutMs: services.timeoutMs,
    maxRows: services.limits.maxRows,
    sessions: services.limits.sessionsPerRequest,
    maxBytes: services.limits.maxResponseBytes,
  });
  // Stores are made when a resolver first asks: most reads use one or two, and making all seven
  // (with their DataLoaders) was 4% of a read's CPU in the profile (docs/reports/profiles.md).
  let entities: EntityStore | undefined;
  let lists: ListStore | undefined;
  let graph: GraphStore | undefined;
  let paths: PathStore | undefined;
  let sources: SourceStore | undefined;
  let analytics: AnalyticsService | undefined;
  let matching: MatchService | undefined;
  let releases: ReleaseService | undefined;
  const scope = noScope();
  return {
    scope,
    ...services,
    principal,
    budget,
    get entities() {
      entities ??= new EntityStore(db, budget, scope);
      return entities;
    },
    get lists() {
      lists ??= new ListStore(db, budget, scope);
      return lists;
    },
    get graph() {
      graph ??= new GraphStore(db, budget, services.dataDir, scope);
      return graph;
    },
    get paths() {
      paths ??= new PathStore(db, budget, scope);
      return paths;
    },
    get sources() {
      sources ??= new SourceStore(db, budget);
      return sources;
    },
    get analytics() {
      analytics ??= new AnalyticsService(
        new AnalyticsStore(db, budget, scope),
        this.entities,
        services.projections,
      );
      return analytics;
    },
    get auditLog() {
      return new AuditLogService(() => services.curator?.events() ?? [], principal);
    },
    get matching() {
      matching ??= new MatchService(this.graph);
      return matching;
    },
    get releases() {
      releases ??= new ReleaseService(db, services.dataDir);
      return releases;
    },
    get changes() {
      const log = () => services.curator?.events() ?? [];
      const find = fullMatches(this.graph);
      return new ChangeService(this.releases, services.releaseItems, services.dataDir, log, principal, find);
    },
    get following() {
      const entities = this.entities;
      const exists = async (id: string) => (await entities.byId.load(id)) !== null;
      return new WebhookService(services.webhooks, principal, exists, fullMatches(this.graph));
    },
    queued: operationSlot(services.expensive, () => budget.remainingMs()),
  };
}
