/**
 * How long a throwaway Neo4j may take to start or restart: about 10 s on a quiet machine, and
 * well over a minute on one shared by several test runs. Hooks and tests that start one use it.
 */
export const neo4jStartMs = 180_000;
