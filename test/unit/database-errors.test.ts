import type { GraphQLError } from 'graphql';
import { Neo4jError } from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { mapDatabaseError } from '../../src/db/database-errors.ts';

const neo4jError = (code: string) => new Neo4jError('server said no', code, '50N42', 'error');
const codeOf = (error: unknown) => (error as GraphQLError).extensions?.code;

describe('mapDatabaseError', () => {
  it('gives each kind of server error its own code', () => {
    expect(
      codeOf(mapDatabaseError(neo4jError('Neo.TransientError.General.MemoryPoolOutOfMemoryError'))),
    ).toBe('QUERY_TOO_LARGE');
    expect(codeOf(mapDatabaseError(neo4jError('Neo.TransientError.General.TransactionMemoryLimit')))).toBe(
      'QUERY_TOO_LARGE',
    );
    expect(codeOf(mapDatabaseError(neo4jError('ServiceUnavailable')))).toBe('DATABASE_UNAVAILABLE');
    // Neo4j's lock after failed logins, set off by someone else's wrong passwords: it lifts by itself.
    expect(codeOf(mapDatabaseError(neo4jError('Neo.ClientError.Security.AuthenticationRateLimit')))).toBe(
      'DATABASE_UNAVAILABLE',
    );
    expect(codeOf(mapDatabaseError(neo4jError('Neo.TransientError.General.DatabaseUnavailable')))).toBe(
      'DATABASE_UNAVAILABLE',
    );
    expect(codeOf(mapDatabaseError(neo4jError('Neo.ClientError.Transaction.TransactionTimedOut')))).toBe(
      'QUERY_TIMEOUT',
    );
  });

  it('leaves other errors alone, to be masked', () => {
    const syntax = neo4jError('Neo.ClientError.Statement.SyntaxError');
    expect(mapDatabaseError(syntax)).toBe(syntax);
    const plain = new Error('x');
    expect(mapDatabaseError(plain)).toBe(plain);
  });
});

describe('a pool that cannot hand out a connection in time', () => {
  it('answers DATABASE_UNAVAILABLE, not a masked internal error', () => {
    const error = new Neo4jError(
      'Connection acquisition timed out in 5000 ms. Pool status: Active conn count = 50, Idle conn count = 0.',
      'N/A',
      '50N42',
      'error',
    );
    expect(codeOf(mapDatabaseError(error))).toBe('DATABASE_UNAVAILABLE');
  });
});
