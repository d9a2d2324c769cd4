import type { GraphQLResolveInfo } from 'graphql';
import { builder } from '../../builder.ts';
import type { Context } from '../../context.ts';
import { type EntityType, entityTypes, isEntityType } from '../../model/ontology.ts';
import type { ListFilter, ListPage, SortField, SortOrder } from '../../stores/list-store.ts';
import { pageSize } from '../../stores/paging.ts';
import { asOfArgs } from '../as-of-args.ts';
import { connectionRef } from '../connection.ts';
import { allEntityTypes, fieldsAt, lookahead } from '../lookahead.ts';
import { EntityRef, objectRefs } from '../refs.ts';

const plurals: Record<EntityType, string> = {
  Source: 'sources',
  Country: 'countries',
  Organization: 'organizations',
  Person: 'people',
  Meeting: 'meetings',
  WorkingGroup: 'workingGroups',
  Agreement: 'agreements',
  Document: 'documents',
  WorkPlan: 'workPlans',
  Initiative: 'initiatives',
  Fund: 'funds',
  FundApproval: 'fundApprovals',
  FundAllocation: 'fundAllocations',
  Project: 'projects',
  Policy: 'policies',
  Topic: 'topics',
  DigitalService: 'digitalServices',
  Amendment: 'amendments',
  Commitment: 'commitments',
  Benefit: 'benefits',
};

export const EntityFilter = builder.inputType('EntityFilter', {
  description: 'Filters on a list of entities; all given conditions must hold.',
  fields: (t) => ({
    nameContains: t.string({ description: 'Part of the English or Thai name or an alias, any case.' }),
    kind: t.string({ description: 'The kind, e.g. "ministry" or "bilateral".' }),
    from: t.field({
      type: 'Date',
      description: 'On or after this date (a meeting starts, an agreement is dated, a project year).',
    }),
    to: t.field({ type: 'Date', description: 'On or before this date.' }),
    relatedTo: t.id({ description: 'Connected by any relationship to this entity id.' }),
    country: t.string({ description: 'Connected to this country, by id ("thailand") or ISO code ("TH").' }),
    year: t.int({ description: "A project's, approval's or work plan's year." }),
    source: t.id({ description: 'Cited by this source (a Source id).' }),
  }),
});

const SortFieldEnum = builder.enumType('SortField', {
  description: 'What to sort a list by; ties are broken by id.',
  values: {
    NAME: { description: 'English name.' },
    DATE: { description: 'The date of the entity; undated ones last.' },
    ID: { description: 'Id.' },
  },
});

const SortOrderEnum = builder.enumType('SortOrder', {
  description: 'Ascending or descending.',
  values: { ASC: { description: 'Ascending.' }, DESC: { description: 'Descending.' } },
});

export const EntitySort = builder.inputType('EntitySort', {
  description: 'Sort order of a list.',
  fields: (t) => ({
    field: t.field({ type: SortFieldEnum, defaultValue: 'NAME', description: 'Sort key.' }),
    order: t.field({ type: SortOrderEnum, defaultValue: 'ASC', description: 'Direction.' }),
  }),
});

type Ref = typeof EntityRef | (typeof objectRefs)[EntityType];

function connection(name: string, node: Ref) {
  return connectionRef(name, node, {
    description: `A page of ${name} entities.`,
    items: (page: ListPage) => page.entities,
    node: (item) => item.entity,
    cursor: (item) => item.cursor,
    hasNextPage: (page) => page.hasNextPage,
    totalCount: (page) => page.totalCount,
    describe: {
      node: 'The entity.',
      nodes: 'The entities of this page.',
      totalCount: 'Entities matching the filter on all pages; counted only when asked for.',
    },
  });
}

/** The page of any entities, as `entities` and `Source.entities` give it. */
export const EntityConnectionRef = connection('Entity', EntityRef);

function listField(ref: Ref, name: string, description: string, fixedTypes: EntityType[] | null) {
  const Connection = fixedTypes ? connection(name, ref) : EntityConnectionRef;
  return builder.queryField(fixedTypes ? plurals[fixedTypes[0] as EntityType] : 'entities', (t) =>
    t.field({
      type: Connection,
      description,
      args: {
        ...(fixedTypes
          ? {}
          : { types: t.arg.stringList({ required: false, description: 'Only these entity types.' }) }),
        where: t.arg({ type: EntityFilter, required: false, description: 'Filters.' }),
        orderBy: t.arg({ type: EntitySort, required: false, description: 'Sort order; by name by default.' }),
        first: t.arg.int({ defaultValue: 20, description: 'Page size, at most 100.' }),
        after: t.arg.string({ required: false, description: 'endCursor of the previous page.' }),
        ...asOfArgs(),
      },
      resolve: async (_root, args, ctx, info) => {
        const types = fixedTypes ?? ((args as { types?: string[] | null }).types || null);
        const filter = { ...args.where };
        // An id that sameAs merged answers as the entity it became.
        if (filter.relatedTo) filter.relatedTo = await ctx.entities.canonical.load(filter.relatedTo);
        return listPage(ctx, info, types, filter, args);
      },
    }),
  );
}

/** A page of entities as a list field asks for it, with what is selected on them planned ahead. */
export function listPage(
  ctx: Context,
  info: GraphQLResolveInfo,
  types: readonly string[] | null,
  filter: ListFilter,
  args: {
    orderBy?: { field?: SortField | null; order?: SortOrder | null } | null;
    first?: number | null;
    after?: string | null;
  },
) {
  const selected = fieldsAt(info, []);
  const parents = (types?.filter(isEntityType) ?? []).length ? (types as EntityType[]) : allEntityTypes;
  const ahead = lookahead(info, [['nodes'], ['edges', 'node']], parents);
  return ctx.lists.list({
    types,
    filter,
    sort: args.orderBy?.field ?? 'NAME',
    order: args.orderBy?.order ?? 'ASC',
    first: pageSize(args.first),
    after: args.after,
    withCount: selected.has('totalCount'),
    withPage: ['nodes', 'edges', 'pageInfo'].some((field) => selected.has(field)),
    props: ahead.props,
    nested: ahead.plans,
  });
}

listField(
  EntityRef,
  'Entity',
  'Entities of any type (or of the given types), filtered, sorted and paged.',
  null,
);
for (const type of Object.keys(entityTypes) as EntityType[]) {
  listField(objectRefs[type], type, `${entityTypes[type].description} Filtered, sorted and paged.`, [type]);
}
