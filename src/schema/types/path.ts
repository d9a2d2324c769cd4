import type { GraphQLResolveInfo } from 'graphql';
import { builder } from '../../builder.ts';
import type { Context } from '../../context.ts';
import { pageSize } from '../../stores/paging.ts';
import { checkHops, MAX_HOPS, type Path, type PathQuery } from '../../stores/path-store.ts';
import { allSubgraphProps } from '../../stores/records.ts';
import { asOfArgs } from '../as-of-args.ts';
import { fieldsAt, subgraphProps } from '../lookahead.ts';
import { EntityRef } from '../refs.ts';
import { EdgeRef } from './relation.ts';

export const DateWindow = builder.inputType('DateWindow', {
  description:
    'Keeps relationships whose date qualifiers (date, startDate, endDate) overlap the window; undated ones always pass.',
  fields: (t) => ({
    from: t.field({ type: 'Date', description: 'On or after this date.' }),
    to: t.field({ type: 'Date', description: 'On or before this date.' }),
  }),
});

/** The arguments every path query takes: both ends, the longest path, relationship types, a window. */
const pathArgs = (fallbackHops: number, maxHops: number) =>
  builder.args((t) => ({
    from: t.id({ required: true, description: 'Start entity id.' }),
    to: t.id({ required: true, description: 'End entity id.' }),
    maxHops: t.int({
      defaultValue: fallbackHops,
      description: `Longest path to consider, 1 to ${maxHops}.`,
    }),
    types: t.stringList({ required: false, description: 'Only these relationship types.' }),
    window: t.field({
      type: DateWindow,
      required: false,
      description: 'Only relationships dated in this window.',
    }),
  }));

export const PathRef = builder.objectRef<Path>('Path').implement({
  description: 'A chain of relationships from one entity to another.',
  fields: (t) => ({
    length: t.exposeInt('length', { description: 'Number of relationships.' }),
    nodes: t.field({
      type: [EntityRef],
      description: 'Entities from start to end.',
      resolve: (p) => p.nodes,
    }),
    edges: t.field({
      type: [EdgeRef],
      description: 'Relationships in order, with provenance.',
      resolve: (p) => p.edges,
    }),
  }),
});

/**
 * What the paths' query brings: the sources when their provenance asks for its `source`, and of
 * the entities and relationships what is selected (all of them for the path's citation, which
 * names every hop and quotes its provenance).
 */
const pathOptions = (info: GraphQLResolveInfo): Pick<PathQuery, 'withSources' | 'props'> => ({
  withSources: fieldsAt(info, ['edges', 'provenance']).has('source'),
  props: fieldsAt(info, []).has('citation') ? allSubgraphProps : subgraphProps(info),
});

/** Hands the sources a path's query brought to byId, so each provenance's `source` is at hand. */
function withCitedSources<T extends Path | null>(ctx: Context, path: T): T {
  for (const source of path?.sources ?? []) ctx.entities.byId.prime(source.id, source);
  return path;
}

interface SearchArgs {
  from: string;
  to: string;
  maxHops: number;
  types?: readonly string[] | null;
  window?: { from?: string | null; to?: string | null } | null;
  limit?: number | null;
}

/** A path search that waits in the analytics queue; bad arguments are told at once, not after the wait. */
async function queuedSearch(
  ctx: Context,
  kind: 'allShortest' | 'simple',
  args: SearchArgs,
  options: Pick<PathQuery, 'withSources' | 'props'>,
): Promise<Path[]> {
  checkHops(args.maxHops, MAX_HOPS[kind]);
  const query = {
    ...args,
    window: args.window ?? {},
    limit: pageSize(args.limit, 20, 'limit'),
    ...options,
  };
  const paths = await ctx.queued(() => ctx.paths[kind](query));
  return paths.map((path) => withCitedSources(ctx, path));
}

builder.queryFields((t) => ({
  shortestPath: t.field({
    type: PathRef,
    nullable: true,
    description: 'A shortest chain of relationships between two entities, or null when there is none.',
    args: { ...pathArgs(6, MAX_HOPS.shortest), ...asOfArgs() },
    // One breadth-first search that stops at the first path: cheap enough to run unqueued.
    resolve: async (_root, args, ctx, info) => {
      const query = { ...args, maxHops: args.maxHops ?? 6, window: args.window ?? {} };
      return withCitedSources(ctx, await ctx.paths.shortest({ ...query, ...pathOptions(info) }));
    },
  }),
  allShortestPaths: t.field({
    type: [PathRef],
    description: 'Every shortest path between two entities (up to `limit`), each hop with provenance.',
    args: {
      ...asOfArgs(),
      ...pathArgs(6, MAX_HOPS.allShortest),
      limit: t.arg.int({ defaultValue: 20, description: 'Most paths, up to 100.' }),
    },
    resolve: (_root, args, ctx, info) =>
      queuedSearch(ctx, 'allShortest', { ...args, maxHops: args.maxHops ?? 6 }, pathOptions(info)),
  }),
  paths: t.field({
    type: [PathRef],
    description: 'Simple paths (no entity twice) between two entities, shortest first.',
    args: {
      ...asOfArgs(),
      ...pathArgs(4, MAX_HOPS.simple),
      limit: t.arg.int({ defaultValue: 20, description: 'Most paths, up to 100.' }),
    },
    resolve: (_root, args, ctx, info) =>
      queuedSearch(ctx, 'simple', { ...args, maxHops: args.maxHops ?? 4 }, pathOptions(info)),
  }),
}));
