import { inject } from 'vitest';
import { createDriver, Database } from '../../src/db/database.ts';

/** A Database on the test Neo4j. The caller closes it in afterAll. */
export function testDatabase(): Database {
  const driver = createDriver(
    { neo4jUser: 'neo4j', neo4jPassword: process.env.NEO4J_TEST_PASSWORD ?? inject('neo4jPassword') },
    inject('neo4jUri'),
  );
  return new Database(driver, process.env.NEO4J_TEST_DATABASE ?? 'neo4j', 60);
}
