import type { GraphQLResolveInfo } from 'graphql';
import { builder } from '../../builder.ts';
import type { Context } from '../../context.ts';
import { badInput, notFound, quoted } from '../../errors.ts';
import { shownProps } from '../../model/stored.ts';
import { pageSize } from '../../stores/paging.ts';
import type { EntityRecord } from '../../stores/records.ts';
import { asOfArgs } from '../as-of-args.ts';
import { allEntityTypes, fieldsAt, lookahead, relationSelection } from '../lookahead.ts';
import { EntityRef, NodeRef, SourceRef } from '../refs.ts';
import { DirectionEnum, ProvenanceRef, RelationConnectionRef } from './relation.ts';

const text = (entity: EntityRecord, key: string) => (entity.props[key] as string | undefined) ?? null;

NodeRef.implement({
  description: 'Anything with a globally unique, stable id (the Relay Node interface).',
  resolveType: (entity) => entity.type,
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Stable id, e.g. "thailand".' }),
  }),
});

EntityRef.implement({
  description: 'A node of the knowledge graph: a country, body, meeting, agreement, fund, topic…',
  interfaces: [NodeRef],
  resolveType: (entity) => entity.type,
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Stable id, e.g. "thailand".' }),
    type: t.exposeString('type', { description: 'The entity type, e.g. Country.' }),
    name: t.string({ description: 'English name.', resolve: (e) => text(e, 'name') ?? e.id }),
    nameTh: t.string({ nullable: true, description: 'Thai name.', resolve: (e) => text(e, 'nameTh') }),
    aliases: t.stringList({
      description: 'Acronyms and other spellings, in Thai and English.',
      resolve: (e) => (e.props.aliases as string[] | undefined) ?? [],
    }),
    description: t.string({
      nullable: true,
      description: 'A short English description.',
      resolve: (e) => text(e, 'description'),
    }),
    properties: t.field({
      type: 'JSON',
      description: 'Every stored property of the node; dates as ISO strings, amounts as decimal strings.',
      resolve: (entity) => shownProps(entity.props),
    }),
    relations: t.field({
      type: RelationConnectionRef,
      description:
        'Relationships of this entity, with the entity at the other end and provenance. Of a Source: the relations it states, each seen from its start (direction is ignored).',
      args: {
        types: t.arg.stringList({
          required: false,
          description: 'Only these relationship types, e.g. ["PROPOSED"].',
        }),
        direction: t.arg({ type: DirectionEnum, defaultValue: 'BOTH', description: 'OUT, IN or BOTH.' }),
        first: t.arg.int({ defaultValue: 20, description: 'Page size, at most 100.' }),
        after: t.arg.string({ required: false, description: 'endCursor of the previous page.' }),
      },
      resolve: (entity, args, ctx, info) => {
        const query = {
          types: args.types,
          direction: args.direction ?? 'BOTH',
          first: pageSize(args.first),
          after: args.after,
          withCount: fieldsAt(info, []).has('totalCount'),
          select: relationSelection(info),
        };
        return entity.type === 'Source'
          ? ctx.entities.sourceRelations(entity.id, query)
          : ctx.entities.relations(entity.id, query);
      },
    }),
    sources: t.field({
      type: [SourceRef],
      description: 'Every source that names this entity: declares it, or states a relation with it.',
      resolve: async (entity, _args, ctx) => (await ctx.entities.evidenceOf(entity)).sources,
    }),
    citations: t.field({
      type: [ProvenanceRef],
      description: 'Where each source names this entity, with the words it uses.',
      resolve: (entity, _args, ctx, info) => {
        const asked = fieldsAt(info, []);
        // A citation's source and page read the source's properties, which the evidence brings.
        return ctx.entities.citationsOf(entity, asked.has('source') || asked.has('page'));
      },
    }),
  }),
});

async function loadEntity(
  id: string,
  load: (id: string) => Promise<Array<EntityRecord | null>>,
): Promise<EntityRecord> {
  if (!id.trim()) throw badInput('id must not be empty');
  const [entity] = await load(id);
  if (!entity) throw notFound(`No entity with id ${quoted(id)}`);
  return entity;
}

/**
 * Entities by id, with what is selected on them, typed relationship fields and evidence included,
 * in one query.
 */
function loadPlanned(ctx: Context, info: GraphQLResolveInfo, ids: readonly string[]) {
  return ctx.entities.loadNested(ids, lookahead(info, [[]], allEntityTypes));
}

builder.queryFields((t) => ({
  entity: t.field({
    type: EntityRef,
    description: 'One entity by id. NOT_FOUND when there is none.',
    args: { id: t.arg.id({ required: true, description: 'The entity id, e.g. "thailand".' }), ...asOfArgs() },
    resolve: (_root, args, ctx, info) => loadEntity(args.id, (id) => loadPlanned(ctx, info, [id])),
  }),
  node: t.field({
    type: NodeRef,
    nullable: true,
    description: 'Relay refetch: the node with this id, or null.',
    args: { id: t.arg.id({ required: true, description: 'The node id.' }), ...asOfArgs() },
    resolve: async (_root, args, ctx, info) => (await loadPlanned(ctx, info, [args.id]))[0] ?? null,
  }),
  nodes: t.field({
    type: [NodeRef],
    nullable: { list: false, items: true },
    description: 'Relay refetch of several nodes, in the order asked; null where an id is unknown.',
    args: { ids: t.arg.idList({ required: true, description: 'Node ids, at most 100.' }), ...asOfArgs() },
    resolve: (_root, args, ctx, info) => {
      if (args.ids.length > 100) throw badInput('At most 100 ids at once');
      return loadPlanned(ctx, info, args.ids);
    },
  }),
}));
