import { createYoga, type Plugin, useReadinessCheck } from 'graphql-yoga';
import { ProjectionCache } from './analytics/graph-metrics.ts';
import type { Config } from './config.ts';
import { type Context, createContext } from './context.ts';
import type { Database } from './db/database.ts';
import { safetyPlugins } from './safety.ts';
import { schema } from './schema/index.ts';

export type AppConfig = Pick<Config, 'graphiql' | 'introspection' | 'debugRoundTrips'>;

/** Adds `extensions.roundTrips` (Neo4j round trips of the operation) when debugging. */
function useRoundTrips(): Plugin<Context> {
  return {
    onExecute: ({ args }) => ({
      onExecuteDone: ({ result, setResult }) => {
        if (Symbol.asyncIterator in result) return;
        const count = (args.contextValue as Context).roundTrips.count;
        setResult({ ...result, extensions: { ...result.extensions, roundTrips: count } });
      },
    }),
  };
}

/** The GraphQL app, without a listener: tests call `yoga.fetch` directly. */
export function createApp(db: Database, config: AppConfig) {
  const projections = new ProjectionCache();
  return createYoga<Record<string, never>, Context>({
    schema,
    context: () => createContext(db, projections),
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    graphiql: config.graphiql ? { title: 'Digital-policy cooperation graph' } : false,
    landingPage: false,
    maskedErrors: true,
    logging: 'warn',
    plugins: [
      ...safetyPlugins(config),
      useReadinessCheck({
        endpoint: '/ready',
        check: async () => {
          if (await db.ping()) return true;
          return Response.json({ status: 'unavailable', reason: 'Neo4j does not answer' }, { status: 503 });
        },
      }),
      ...(config.debugRoundTrips ? [useRoundTrips()] : []),
    ],
  });
}

export type App = ReturnType<typeof createApp>;
