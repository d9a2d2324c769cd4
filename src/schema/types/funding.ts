import { centsToDecimal } from '../../analytics/money.ts';
import { builder } from '../../builder.ts';
import type { FundingGroup } from '../../services/analytics-service.ts';
import type { FundingGroupBy } from '../../stores/analytics-store.ts';
import type { StatedTotal } from '../../stores/funding-as-of.ts';
import { asOfArgs } from '../as-of-args.ts';
import { fieldsAt } from '../lookahead.ts';
import { EntityRef, objectRefs } from '../refs.ts';
import { MoneyRef } from './entity-types.ts';

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

builder.queryFields((t) => ({
  fundingSummary: t.field({
    type: [FundingGroupRef],
    description:
      'Funded projects grouped by fund, recipient, year or topic, summed exactly, and reconciled with the totals the source states.',
    args: {
      ...asOfArgs(),
      groupBy: t.arg({ type: GroupBy, required: true, description: 'FUND, RECIPIENT, YEAR or TOPIC.' }),
    },
    resolve: (_root, args, ctx, info) =>
      ctx.analytics.funding(args.groupBy as FundingGroupBy, fieldsAt(info, []).has('projects')),
  }),
}));
