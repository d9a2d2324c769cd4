import { builder } from '../../builder.ts';
import { MAX_PAGE, pageSize } from '../../stores/paging.ts';
import type { EntityRecord } from '../../stores/records.ts';
import { asOfArgs } from '../as-of-args.ts';
import { EntityRef } from '../refs.ts';

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
      resolve: (c, args, ctx) => ctx.analytics.load(c.members.slice(0, pageSize(args.first, 50))),
    }),
  }),
});

builder.queryFields((t) => ({
  communities: t.field({
    type: [CommunityRef],
    description:
      'Communities of a projection (Louvain, seeded), largest first, each named by its most central member.',
    args: {
      ...asOfArgs(),
      nodeTypes: t.arg.stringList({ required: false, description: 'Only entities of these types.' }),
      types: t.arg.stringList({ required: false, description: 'Only these relationship types.' }),
      top: t.arg.int({ defaultValue: 20, description: 'How many communities, up to 100.' }),
    },
    resolve: (_root, args, ctx) => {
      const top = pageSize(args.top, 20, 'top');
      return ctx.queued(() => ctx.analytics.communities(args, top));
    },
  }),
}));
