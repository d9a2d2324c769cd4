import { Neo4jError } from 'neo4j-driver';
import { userError } from '../errors.ts';
import { databaseUnavailable } from './breaker.ts';
import { timedOut } from './budget.ts';
import { DeadlineError } from './deadline.ts';

/** The database cannot be reached: the circuit breaker opens on these (and on a deadline). */
const unreachableCodes = new Set(['ServiceUnavailable', 'SessionExpired']);

const unavailableCodes = new Set([
  ...unreachableCodes,
  'Neo.TransientError.General.DatabaseUnavailable',
  'Neo.ClientError.Database.DatabaseNotFound',
  // Neo4j's lock after failed logins (someone else's, against our user): it lifts by itself.
  'Neo.ClientError.Security.AuthenticationRateLimit',
]);

/** Maps driver errors to coded GraphQL errors; anything else is rethrown (and masked by Yoga). */
export function mapDatabaseError(error: unknown): unknown {
  if (error instanceof DeadlineError) return databaseUnavailable(error.message);
  if (!(error instanceof Neo4jError)) return error;
  if (error.message.startsWith('Connection acquisition timed out')) {
    return databaseUnavailable('The database is busy or unavailable. Try again shortly.');
  }
  // Memory errors are transient too, but retrying the same work will not help: say what happened.
  if (error.code.includes('Memory')) {
    return userError(
      'QUERY_TOO_LARGE',
      'The database ran out of memory for this work. Ask for less (smaller pages, fewer levels), or give Neo4j more heap.',
    );
  }
  if (unavailableCodes.has(error.code) || error.code.startsWith('Neo.TransientError.General')) {
    return databaseUnavailable();
  }
  if (error.code.includes('TransactionTimedOut') || error.code.includes('Transaction.Terminated')) {
    return timedOut();
  }
  return error;
}

/** Whether an error says the database is away, not just that this query failed. */
export function unreachable(error: unknown): boolean {
  return error instanceof DeadlineError || (error instanceof Neo4jError && unreachableCodes.has(error.code));
}
