import { ProjectionCache } from './analytics/graph-metrics.ts';
import type { Database, RoundTripCounter } from './db/database.ts';
import { AnalyticsStore } from './stores/analytics-store.ts';
import { EntityStore } from './stores/entity-store.ts';
import { GraphStore } from './stores/graph-store.ts';
import { ListStore } from './stores/list-store.ts';

/** What every resolver gets: the stores of this request and its round-trip counter. */
export interface Context {
  roundTrips: RoundTripCounter;
  entities: EntityStore;
  lists: ListStore;
  graph: GraphStore;
  analytics: AnalyticsStore;
  /** Shared by all requests of one app: graph projections for the iterative algorithms. */
  projections: ProjectionCache;
}

export function createContext(db: Database, projections: ProjectionCache = new ProjectionCache()): Context {
  const roundTrips: RoundTripCounter = { count: 0 };
  const entities = new EntityStore(db, roundTrips);
  return {
    roundTrips,
    entities,
    lists: new ListStore(db, roundTrips),
    graph: new GraphStore(db, roundTrips, (id) => entities.byId.load(id)),
    analytics: new AnalyticsStore(db, roundTrips),
    projections,
  };
}
