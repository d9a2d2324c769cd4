import { builder } from '../../builder.ts';
import { historyOf } from '../../model/claims.ts';
import type { TimelineEvent } from '../../stores/analytics-store.ts';
import { asOfArgs } from '../as-of-args.ts';
import { EntityRef } from '../refs.ts';
import { HistoryStepRef } from './claims.ts';
import { DateWindow } from './path.ts';
import { EdgeRef } from './relation.ts';

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
    history: t.field({
      type: [HistoryStepRef],
      description:
        "The dated entity's status and dates as each source gives them, in the order of the dates they describe (asOf), when sources differ. The event itself uses the value shown.",
      resolve: async (e, _args, ctx) =>
        e.entity ? historyOf((await ctx.entities.evidenceOf(e.entity)).claimSets) : [],
    }),
  }),
});

builder.queryFields((t) => ({
  timeline: t.field({
    type: [EventRef],
    description:
      'Dated events in order: meetings held and planned, adoptions and approvals, dated documents.',
    args: {
      ...asOfArgs(),
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
    resolve: (_root, args, ctx) => ctx.analytics.timeline(args.window ?? {}, args.kinds, args.asOf),
  }),
}));
