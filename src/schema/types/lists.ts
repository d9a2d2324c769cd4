import type { GraphQLResolveInfo } from 'graphql';
import { builder } from '../../builder.ts';
import type { Context } from '../../context.ts';
import { type EntityType, entityTypes, isEntityType } from '../../model/ontology.ts';
import type { ListFilter, ListPage, SortField, SortOrder } from '../../stores/list-store.ts';
import { pageSize } from '../../stores/paging.ts';
import type { EntityRecord } from '../../stores/records.ts';
import { allEntityTypes, fieldsAt, lookahead } from '../lookahead.ts';
import { EntityRef, objectRefs } from '../refs.ts';
import { PageInfoRef } from './relation.ts';

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
  const edge = builder.objectRef<{ entity: EntityRecord; cursor: string }>(`${name}Edge`).implement({
    description: `An item of ${name}Connection with its cursor.`,
    fields: (t) => ({
      cursor: t.exposeString('cursor', { description: 'Cursor of this item.' }),
      node: t.field({ type: node, description: 'The entity.', resolve: (e) => e.entity }),
    }),
  });
  return builder.objectRef<ListPage>(`${name}Connection`).implement({
    description: `A page of ${name} entities.`,
    fields: (t) => ({
      edges: t.field({ type: [edge], description: 'Items with cursors.', resolve: (page) => page.entities }),
      nodes: t.field({
        type: [node],
        description: 'The entities of this page.',
        resolve: (page) => page.entities.map((e) => e.entity),
      }),
      pageInfo: t.field({
        type: PageInfoRef,
        description: 'Whether there is a next page, and its cursor.',
        resolve: (page) => ({
          hasNextPage: page.hasNextPage,
          endCursor: page.entities.at(-1)?.cursor ?? null,
        }),
      }),
      totalCount: t.int({
        nullable: true,
        description: 'Entities matching the filter on all pages; counted only when asked for.',
        resolve: (page) => page.totalCount,
      }),
    }),
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
