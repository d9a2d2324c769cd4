import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';
import { neo4jStartMs } from './test/helpers/timeouts.ts';

const require = createRequire(import.meta.url);

/** Where the standalone tests' data/ is said to be: under a file, so nothing can be made there (reads find no source). */
export const noKnowledgeBase = '/dev/null/standalone-tests-read-no-knowledge-base';

/**
 * What the tiers that talk to Neo4j share: test/helpers/global-setup.ts starts one for the run,
 * and explorer-build.ts builds the explorer they serve when it is missing or stale.
 */
const onNeo4j = {
  globalSetup: ['test/helpers/global-setup.ts', 'test/helpers/explorer-build.ts'],
  // One Neo4j for the run; files run one after another so none sees another's writes.
  fileParallelism: false,
  // In one worker that keeps the modules it imported (the app, the driver, graphql): importing them
  // again for each file was a tenth of a pass. No file mocks a module or changes the environment.
  isolate: false,
};

// `npm test` runs every project, the tiers on Neo4j one after the other (groupOrder), so no file
// sees another tier's writes; `npm run test:unit` runs `unit` and `cypher`, with no Java and no Neo4j.
// `standalone` starts Neo4js of its own, one file at a time, after the others.
export default defineConfig({
  resolve: {
    // graphql 16 ships CJS and ESM copies; Node gives yoga and Pothos the CJS one, so ours must be
    // the same, or `instanceof GraphQLError` fails and coded errors get masked.
    alias: { graphql: require.resolve('graphql') },
  },
  test: {
    // Every project works on one copy of data/ made for the run (test/helpers/data-copy.ts).
    globalSetup: ['test/helpers/data-copy.ts'],
    testTimeout: 60_000,
    hookTimeout: neo4jStartMs,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], sequence: { groupOrder: 0 } },
      },
      // The Cypher the API sends, as snapshots; no database either.
      {
        extends: true,
        test: { name: 'cypher', include: ['test/cypher/**/*.test.ts'], sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          ...onNeo4j,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], ...onNeo4j, sequence: { groupOrder: 2 } },
      },
      // Files that start their own Neo4j and read no knowledge base, so CI's second pass (data/ with
      // more sources) leaves them out. Their data/ is a path that cannot exist: a file that reads
      // the knowledge base fails here (test/unit/second-pass.test.ts checks their imports too).
      {
        extends: true,
        test: {
          name: 'standalone',
          include: ['test/standalone/**/*.test.ts'],
          env: { KB_DATA_DIR: noKnowledgeBase },
          fileParallelism: false,
          sequence: { groupOrder: 3 },
        },
      },
    ],
  },
});
