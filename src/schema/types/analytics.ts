import { type CentralityMeasure, centrality, communities, ranked } from '../../analytics/graph-metrics.ts';
import { centsToDecimal } from '../../analytics/money.ts';
import { builder } from '../../builder.ts';
import type { Context } from '../../context.ts';
import { badInput } from '../../errors.ts';
import type {
  CommonConnection,
  Cooccurrence,
  FundingGroupBy,
  FundingItem,
  Similar,
  StatedTotal,
  TimelineEvent,
} from '../../stores/analytics-store.ts';
import { type EntityRecord, MAX_PAGE, pageSize } from '../../stores/records.ts';
import { fieldsAt } from '../lookahead.ts';
import { EntityRef, objectRefs } from '../refs.ts';
import { MoneyRef } from './entity-types.ts';
import { PathRef } from './graph.ts';
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
export const pathArgs = (maxHops: { fallback: number; max: number }) =>
  builder.args((t) => ({
    from: t.id({ required: true, description: 'Start entity id.' }),
    to: t.id({ required: true, description: 'End entity id.' }),
    maxHops: t.int({
      defaultValue: maxHops.fallback,
      description: `Longest path to consider, 1 to ${maxHops.max}.`,
    }),
    types: t.stringList({ required: false, description: 'Only these relationship types.' }),
    window: t.field({
      type: DateWindow,
      required: false,
      description: 'Only relationships dated in this window.',
    }),
  }));

const Measure = builder.enumType('CentralityMeasure', {
  description: 'How to score importance in the graph.',
  values: {
    DEGREE: { description: 'Number of relationships.' },
    PAGERANK: {
      description:
        'PageRank, damping 0.85, 100 iterations at most, tolerance 1e-9, weighted by parallel relationships.',
    },
    BETWEENNESS: {
      description:
        'Betweenness (Brandes): on how many shortest paths between other entities it lies, in hops.',
    },
  },
});

const GroupBy = builder.enumType('FundingGroupBy', {
  description: 'How to group funded projects.',
  values: {
    FUND: { description: 'By fund.' },
    RECIPIENT: { description: 'By recipient country.' },
    YEAR: { description: 'By project year.' },
    TOPIC: { description: 'By topic addressed.' },
  },
});

const money = (cents: number, currency: string) => ({ amount: centsToDecimal(cents), currency });

const ScoreRef = builder
  .objectRef<{ entity: EntityRecord; score: number; rank: number }>('CentralityScore')
  .implement({
    description: 'An entity and its centrality.',
    fields: (t) => ({
      entity: t.field({ type: EntityRef, description: 'The entity.', resolve: (s) => s.entity }),
      score: t.exposeFloat('score', { description: 'Its score under the chosen measure.' }),
      rank: t.exposeInt('rank', { description: '1 for the most central; ties are ranked by id.' }),
    }),
  });

const CommunityRef = builder.objectRef<{ label: EntityRecord; members: string[] }>('Community').implement({
  description: 'A group of entities more tightly linked to each other than to the rest (Louvain, seeded).',
  fields: (t) => ({
    label: t.field({
      type: EntityRef,
      description: 'Its most central member, which names it.',
      resolve: (c) => c.label,
    }),
    size: t.int({ description: 'Number of members.', resolve: (c) => c.members.length }),
    members: t.field({
      type: [EntityRef],
      description: 'Members, most central first.',
      args: { first: t.arg.int({ defaultValue: 50, description: `At most ${MAX_PAGE}.` }) },
      resolve: async (c, args, ctx) => loadAll(ctx, c.members.slice(0, pageSize(args.first, 50))),
    }),
  }),
});

const CommonRef = builder.objectRef<CommonConnection>('CommonConnection').implement({
  description: 'An entity linked to both of two entities, with the relationships on each side.',
  fields: (t) => ({
    entity: t.field({ type: EntityRef, description: 'The shared neighbour.', resolve: (c) => c.entity }),
    edgesFromA: t.field({
      type: [EdgeRef],
      description: 'Relationships between the first entity and it.',
      resolve: (c) => c.fromA,
    }),
    edgesFromB: t.field({
      type: [EdgeRef],
      description: 'Relationships between the second entity and it.',
      resolve: (c) => c.fromB,
    }),
  }),
});

const SimilarRef = builder.objectRef<Similar>('Similarity').implement({
  description: 'How alike two entities are by their neighbours (Jaccard).',
  fields: (t) => ({
    entity: t.field({ type: EntityRef, description: 'The similar entity.', resolve: (s) => s.entity }),
    shared: t.exposeInt('shared', { description: 'Neighbours in common.' }),
    union: t.exposeInt('union', { description: 'Neighbours of either.' }),
    jaccard: t.exposeFloat('jaccard', { description: 'shared / union.' }),
  }),
});

const StatedRef = builder.objectRef<StatedTotal & { currency: string }>('StatedTotal').implement({
  description: 'A total the source states, set against the projects it names one by one.',
  fields: (t) => ({
    aggregate: t.field({
      type: EntityRef,
      description: 'The approval or allocation that states it.',
      resolve: (s) => s.aggregate,
    }),
    stated: t.field({
      type: MoneyRef,
      description: 'The total as the source gives it.',
      resolve: (s) => money(s.statedCents, s.currency),
    }),
    statedProjectCount: t.int({
      nullable: true,
      description: 'Projects the source counts.',
      resolve: (s) => s.statedCount,
    }),
    itemised: t.field({
      type: MoneyRef,
      description: 'The sum of the projects it names.',
      resolve: (s) => money(s.itemisedCents, s.currency),
    }),
    itemisedProjectCount: t.exposeInt('itemisedCount', { description: 'Projects it names.' }),
    difference: t.field({
      type: MoneyRef,
      description: 'Stated minus itemised: money the source counts but does not break down.',
      resolve: (s) => money(s.statedCents - s.itemisedCents, s.currency),
    }),
    unitemisedProjectCount: t.int({
      nullable: true,
      description: 'Projects counted but not named.',
      resolve: (s) => (s.statedCount === null ? null : s.statedCount - s.itemisedCount),
    }),
  }),
});

interface FundingGroup {
  item: FundingItem;
  stated: StatedTotal[];
}

const FundingGroupRef = builder.objectRef<FundingGroup>('FundingGroup').implement({
  description: 'Projects of one fund, recipient, year or topic, with their exact total.',
  fields: (t) => ({
    key: t.string({
      description: 'The fund, recipient or topic id, or the year.',
      resolve: (g) => g.item.key,
    }),
    group: t.field({
      type: EntityRef,
      nullable: true,
      description: 'The fund, recipient or topic.',
      resolve: (g) => g.item.group,
    }),
    total: t.field({
      type: MoneyRef,
      description: 'Sum of the itemised projects, exact.',
      resolve: (g) => money(g.item.cents, g.item.currency),
    }),
    projectCount: t.int({ description: 'Itemised projects.', resolve: (g) => g.item.count }),
    projects: t.field({
      type: [objectRefs.Project],
      description: 'The projects behind the total.',
      resolve: (g) => g.item.projects,
    }),
    stated: t.field({
      type: [StatedRef],
      description: 'Totals the source states for this group, reconciled with the itemised projects.',
      resolve: (g) => g.stated.map((s) => ({ ...s, currency: g.item.currency })),
    }),
  }),
});

const EventRef = builder.objectRef<TimelineEvent & { upcoming: boolean }>('TimelineEvent').implement({
  description: 'Something dated: a meeting held or planned, an adoption or approval, a dated document.',
  fields: (t) => ({
    date: t.field({ type: 'Date', description: 'When it happens or begins.', resolve: (e) => e.date }),
    endDate: t.field({
      type: 'Date',
      nullable: true,
      description: 'When it ends.',
      resolve: (e) => e.endDate,
    }),
    kind: t.exposeString('kind', {
      description: 'MEETING, PLANNED_MEETING, a relationship type (APPROVED…) or an entity type.',
    }),
    entity: t.field({
      type: EntityRef,
      nullable: true,
      description: 'The dated entity.',
      resolve: (e) => e.entity,
    }),
    edge: t.field({
      type: EdgeRef,
      nullable: true,
      description: 'The dated relationship, with provenance.',
      resolve: (e) => e.edge,
    }),
    entities: t.field({
      type: [EntityRef],
      description: 'Entities involved (host, body, both ends).',
      resolve: (e) => e.entities,
    }),
    upcoming: t.exposeBoolean('upcoming', { description: 'Whether it starts after the as-of date.' }),
  }),
});

const TopicPairRef = builder.objectRef<Cooccurrence>('TopicPair').implement({
  description: 'Two topics named together.',
  fields: (t) => ({
    a: t.field({ type: objectRefs.Topic, description: 'One topic.', resolve: (p) => p.a }),
    b: t.field({ type: objectRefs.Topic, description: 'The other.', resolve: (p) => p.b }),
    count: t.exposeInt('count', { description: 'How many talks, documents or bodies name both.' }),
    via: t.field({
      type: [EntityRef],
      description: 'Those talks, documents or bodies.',
      resolve: (p) => p.via,
    }),
  }),
});

async function loadAll(ctx: Context, ids: string[]): Promise<EntityRecord[]> {
  const found = await ctx.entities.byId.loadMany(ids);
  return found.filter((entity): entity is EntityRecord => entity !== null && !(entity instanceof Error));
}

async function projectedGraph(ctx: Context, nodeTypes?: string[] | null, types?: string[] | null) {
  const key = JSON.stringify([nodeTypes ?? null, types ?? null]);
  const version = await ctx.analytics.dataVersion();
  return ctx.projections.get(key, version, () => ctx.analytics.projection(nodeTypes, types));
}

function top(value: number | null | undefined, fallback: number, name: string): number {
  return pageSize(value ?? fallback, fallback, name);
}

builder.queryFields((t) => ({
  allShortestPaths: t.field({
    type: [PathRef],
    description: 'Every shortest path between two entities (up to `limit`), each hop with provenance.',
    args: {
      ...pathArgs({ fallback: 6, max: 6 }),
      limit: t.arg.int({ defaultValue: 20, description: 'Most paths, up to 100.' }),
    },
    resolve: (_root, args, ctx) =>
      ctx.queued(() =>
        ctx.analytics.allShortestPaths({
          ...args,
          maxHops: args.maxHops ?? 6,
          window: args.window ?? {},
          limit: top(args.limit, 20, 'limit'),
        }),
      ),
  }),
  paths: t.field({
    type: [PathRef],
    description: 'Simple paths (no entity twice) between two entities, shortest first.',
    args: {
      ...pathArgs({ fallback: 4, max: 6 }),
      limit: t.arg.int({ defaultValue: 20, description: 'Most paths, up to 100.' }),
    },
    resolve: (_root, args, ctx) =>
      ctx.queued(() =>
        ctx.analytics.paths({
          ...args,
          maxHops: args.maxHops ?? 4,
          window: args.window ?? {},
          limit: top(args.limit, 20, 'limit'),
        }),
      ),
  }),
  centrality: t.field({
    type: [ScoreRef],
    description:
      'The most central entities of a projection (node types × relationship types), deterministic.',
    args: {
      measure: t.arg({ type: Measure, required: true, description: 'DEGREE, PAGERANK or BETWEENNESS.' }),
      nodeTypes: t.arg.stringList({ required: false, description: 'Only entities of these types.' }),
      types: t.arg.stringList({ required: false, description: 'Only these relationship types.' }),
      top: t.arg.int({ defaultValue: 20, description: 'How many, up to 100.' }),
    },
    resolve: (_root, args, ctx) =>
      ctx.queued(async () => {
        const { graph, memo } = await projectedGraph(ctx, args.nodeTypes, args.types);
        const measure = args.measure as CentralityMeasure;
        // Sorting tens of thousands of scores costs more than the cache lookup: keep the order too.
        const order = memo(measure, () => ranked(centrality(graph, measure), Number.POSITIVE_INFINITY));
        const scores = order.slice(0, top(args.top, 20, 'top'));
        const entities = await loadAll(
          ctx,
          scores.map((s) => s.id),
        );
        return scores.map((s, index) => ({
          entity: entities[index] as EntityRecord,
          score: s.score,
          rank: index + 1,
        }));
      }),
  }),
  communities: t.field({
    type: [CommunityRef],
    description:
      'Communities of a projection (Louvain, seeded), largest first, each named by its most central member.',
    args: {
      nodeTypes: t.arg.stringList({ required: false, description: 'Only entities of these types.' }),
      types: t.arg.stringList({ required: false, description: 'Only these relationship types.' }),
      top: t.arg.int({ defaultValue: 20, description: 'How many communities, up to 100.' }),
    },
    resolve: (_root, args, ctx) =>
      ctx.queued(async () => {
        const { graph, memo } = await projectedGraph(ctx, args.nodeTypes, args.types);
        const found = memo('communities', () => communities(graph)).slice(0, top(args.top, 20, 'top'));
        const labels = await loadAll(
          ctx,
          found.map((c) => c.label),
        );
        return found.map((c, index) => ({ label: labels[index] as EntityRecord, members: c.members }));
      }),
  }),
  commonConnections: t.field({
    type: [CommonRef],
    description: 'Entities linked to both a and b (interlocks), with the relationships on both sides.',
    args: {
      a: t.arg.id({ required: true, description: 'First entity id.' }),
      b: t.arg.id({ required: true, description: 'Second entity id.' }),
      types: t.arg.stringList({ required: false, description: 'Only these relationship types.' }),
    },
    resolve: (_root, args, ctx) => ctx.analytics.commonConnections(args.a, args.b, args.types),
  }),
  similarEntities: t.field({
    type: [SimilarRef],
    description: 'Entities with the most similar neighbours (Jaccard), best first, ties by id.',
    args: {
      id: t.arg.id({ required: true, description: 'The entity.' }),
      types: t.arg.stringList({ required: false, description: 'Only these relationship types.' }),
      top: t.arg.int({ defaultValue: 10, description: 'How many, up to 100.' }),
    },
    resolve: (_root, args, ctx) =>
      ctx.analytics.similarEntities(args.id, args.types, top(args.top, 10, 'top')),
  }),
  fundingSummary: t.field({
    type: [FundingGroupRef],
    description:
      'Funded projects grouped by fund, recipient, year or topic, summed exactly, and reconciled with the totals the source states.',
    args: {
      groupBy: t.arg({ type: GroupBy, required: true, description: 'FUND, RECIPIENT, YEAR or TOPIC.' }),
    },
    resolve: async (_root, args, ctx, info) => {
      const groupBy = args.groupBy as FundingGroupBy;
      const [items, stated] = await Promise.all([
        ctx.analytics.fundingItems(groupBy, fieldsAt(info, []).has('projects')),
        ctx.analytics.statedTotals(groupBy),
      ]);
      const groups = new Map<string, FundingGroup>(items.map((item) => [item.key, { item, stated: [] }]));
      for (const total of stated) {
        let group = groups.get(total.key);
        if (!group) {
          const entity = groupBy === 'YEAR' ? null : await ctx.entities.byId.load(total.key);
          group = {
            item: { key: total.key, currency: 'USD', group: entity, cents: 0, count: 0, projects: [] },
            stated: [],
          };
          groups.set(total.key, group);
        }
        group.stated.push(total);
      }
      return [...groups.values()].sort((a, b) => a.item.key.localeCompare(b.item.key));
    },
  }),
  timeline: t.field({
    type: [EventRef],
    description:
      'Dated events in order: meetings held and planned, adoptions and approvals, dated documents.',
    args: {
      window: t.arg({ type: DateWindow, required: false, description: 'Only events in this window.' }),
      kinds: t.arg.stringList({
        required: false,
        description: 'Only these kinds, e.g. ["MEETING", "PLANNED_MEETING"].',
      }),
      asOf: t.arg({
        type: 'Date',
        required: false,
        description: 'Events after this date are `upcoming`; today by default.',
      }),
    },
    resolve: async (_root, args, ctx) => {
      const asOf = args.asOf ?? new Date().toISOString().slice(0, 10);
      const events = await ctx.analytics.timeline(args.window ?? {}, args.kinds);
      return events.map((event) => ({ ...event, upcoming: event.date > asOf }));
    },
  }),
  topicCooccurrence: t.field({
    type: [TopicPairRef],
    description: 'Pairs of topics named together by the same talk, document or body, most frequent first.',
    args: { top: t.arg.int({ defaultValue: 20, description: 'How many pairs, up to 100.' }) },
    resolve: (_root, args, ctx) => {
      if ((args.top ?? 20) < 1) throw badInput('top must be at least 1');
      return ctx.analytics.topicCooccurrence(top(args.top, 20, 'top'));
    },
  }),
}));
