import { ProjectionCache } from './analytics/graph-metrics.ts';
import type { Principal, TokenStore } from './auth/tokens.ts';
import type { Limits } from './config.ts';
import type { Curator } from './curation/curator.ts';
import { OperationBudget } from './db/budget.ts';
import type { Database } from './db/database.ts';
import { AnalyticsService } from './services/analytics-service.ts';
import { AnalyticsStore } from './stores/analytics-store.ts';
import { EntityStore } from './stores/entity-store.ts';
import { GraphStore } from './stores/graph-store.ts';
import { ListStore } from './stores/list-store.ts';
import { PathStore } from './stores/path-store.ts';
import { SourceStore } from './stores/source-store.ts';
import { operationSlot, WorkQueue } from './work-queue.ts';

/** Shared by all requests of one app. */
export interface AppServices {
  /** Graph projections for the iterative algorithms. */
  projections: ProjectionCache;
  /** Where expensive analytics wait their turn. */
  expensive: WorkQueue;
  limits: Pick<Limits, 'maxComplexity' | 'maxRows' | 'sessionsPerRequest'>;
  timeoutMs: number;
  /** Curation writes; undefined when the app has no knowledge base directory to write to. */
  curator?: Curator;
  tokens?: TokenStore;
}

/**
 * What every resolver gets: this request's budget, its stores (data access), the analytics
 * service (rules over stores), and what all requests share.
 */
export interface Context extends AppServices {
  budget: OperationBudget;
  entities: EntityStore;
  lists: ListStore;
  graph: GraphStore;
  paths: PathStore;
  sources: SourceStore;
  analytics: AnalyticsService;
  /** Who sent the request; null without a token. A bad token is refused before this. */
  principal: Principal | null;
  /** Runs expensive work in this operation's slot of the shared queue (waiting at most its budget). */
  queued<T>(work: () => Promise<T>): Promise<T>;
}

export function appServices(
  limits: Pick<
    Limits,
    'maxComplexity' | 'maxRows' | 'sessionsPerRequest' | 'analyticsConcurrency' | 'analyticsQueue'
  >,
  timeoutMs: number,
): AppServices {
  return {
    projections: new ProjectionCache(),
    expensive: new WorkQueue(limits.analyticsConcurrency, limits.analyticsQueue),
    limits,
    timeoutMs,
  };
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
  });
  const entities = new EntityStore(db, budget);
  return {
    ...services,
    principal,
    budget,
    entities,
    lists: new ListStore(db, budget),
    graph: new GraphStore(db, budget),
    paths: new PathStore(db, budget),
    sources: new SourceStore(db, budget),
    analytics: new AnalyticsService(new AnalyticsStore(db, budget), entities, services.projections),
    queued: operationSlot(services.expensive, () => budget.remainingMs()),
  };
}
