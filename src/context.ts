import type { YogaInitialContext } from 'graphql-yoga';
import type { Database, RoundTripCounter } from './db/database.ts';
import { EntityStore } from './stores/entity-store.ts';

/** What every resolver gets: the stores of this request and its round-trip counter. */
export interface Context {
  roundTrips: RoundTripCounter;
  entities: EntityStore;
}

export function createContext(db: Database, _initial?: YogaInitialContext): Context {
  const roundTrips: RoundTripCounter = { count: 0 };
  return { roundTrips, entities: new EntityStore(db, roundTrips) };
}
