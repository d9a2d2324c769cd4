import { inject } from 'vitest';
import { readConfig } from '../../src/config.ts';
import { createDriver, Database } from '../../src/db/database.ts';

/**
 * A Database on the test Neo4j, with the reads at once that the server has by default, so the
 * tests read as it does. The caller closes it in afterAll.
 */
export function testDatabase(): Database {
  const driver = createDriver(
    { neo4jUser: 'neo4j', neo4jPassword: process.env.NEO4J_TEST_PASSWORD ?? inject('neo4jPassword') },
    inject('neo4jUri'),
  );
  const { neo4jReadConcurrency } = readConfig({});
  return new Database(driver, process.env.NEO4J_TEST_DATABASE ?? 'neo4j', 60, neo4jReadConcurrency);
}
