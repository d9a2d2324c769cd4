import type { CentralityMeasure } from '../../analytics/graph-metrics.ts';
import { builder } from '../../builder.ts';
import { pageSize } from '../../stores/paging.ts';
import type { EntityRecord } from '../../stores/records.ts';
import { asOfArgs } from '../as-of-args.ts';
import { EntityRef } from '../refs.ts';

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

builder.queryFields((t) => ({
  centrality: t.field({
    type: [ScoreRef],
    description:
      'The most central entities of a projection (node types × relationship types), deterministic.',
    args: {
      ...asOfArgs(),
      measure: t.arg({ type: Measure, required: true, description: 'DEGREE, PAGERANK or BETWEENNESS.' }),
      nodeTypes: t.arg.stringList({ required: false, description: 'Only entities of these types.' }),
      types: t.arg.stringList({ required: false, description: 'Only these relationship types.' }),
      top: t.arg.int({ defaultValue: 20, description: 'How many, up to 100.' }),
    },
    resolve: (_root, args, ctx) => {
      const top = pageSize(args.top, 20, 'top');
      return ctx.queued(() => ctx.analytics.centrality(args.measure as CentralityMeasure, args, top));
    },
  }),
}));
