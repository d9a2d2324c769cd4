import { builder } from '../../builder.ts';
import { badInput } from '../../errors.ts';
import type { CommonConnection, Cooccurrence, Similar } from '../../stores/analytics-store.ts';
import { pageSize } from '../../stores/paging.ts';
import { asOfArgs } from '../as-of-args.ts';
import { EntityRef, objectRefs } from '../refs.ts';
import { EdgeRef } from './relation.ts';

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

builder.queryFields((t) => ({
  commonConnections: t.field({
    type: [CommonRef],
    description: 'Entities linked to both a and b (interlocks), with the relationships on both sides.',
    args: {
      ...asOfArgs(),
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
      ...asOfArgs(),
      id: t.arg.id({ required: true, description: 'The entity.' }),
      types: t.arg.stringList({ required: false, description: 'Only these relationship types.' }),
      top: t.arg.int({ defaultValue: 10, description: 'How many, up to 100.' }),
    },
    resolve: (_root, args, ctx) =>
      ctx.analytics.similarEntities(args.id, args.types, pageSize(args.top, 10, 'top')),
  }),
  topicCooccurrence: t.field({
    type: [TopicPairRef],
    description: 'Pairs of topics named together by the same talk, document or body, most frequent first.',
    args: {
      ...asOfArgs(),
      top: t.arg.int({ defaultValue: 20, description: 'How many pairs, up to 100.' }),
    },
    resolve: (_root, args, ctx) => {
      if ((args.top ?? 20) < 1) throw badInput('top must be at least 1');
      return ctx.analytics.topicCooccurrence(pageSize(args.top, 20, 'top'));
    },
  }),
}));
