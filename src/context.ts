import type { Database, RoundTripCounter } from './db/database.ts';
import { EntityStore } from './stores/entity-store.ts';
import { GraphStore } from './stores/graph-store.ts';
import { ListStore } from './stores/list-store.ts';

/** What every resolver gets: the stores of this request and its round-trip counter. */
export interface Context {
  roundTrips: RoundTripCounter;
  entities: EntityStore;
  lists: ListStore;
  graph: GraphStore;
}

export function createContext(db: Database): Context {
  const roundTrips: RoundTripCounter = { count: 0 };
  const entities = new EntityStore(db, roundTrips);
  return {
    roundTrips,
    entities,
    lists: new ListStore(db, roundTrips),
    graph: new GraphStore(db, roundTrips, (id) => entities.byId.load(id)),
  };
}
