import type { FieldRef } from '@pothos/core';
import { builder } from '../../builder.ts';
import type { Context } from '../../context.ts';
import { type EntityType, type EntityTypeDef, entityTypes, type PropKind } from '../../model/ontology.ts';
import { MAX_PAGE } from '../../stores/paging.ts';
import { type EntityRecord, questionKey } from '../../stores/records.ts';
import { EntityRef, NodeRef, objectRefs } from '../refs.ts';
import { type TypedRelation, typedQuery, typedRelations } from '../typed-relations.ts';
import { singleAsOf } from './relation-claims.ts';

/**
 * One GraphQL object type per ontology type, generated from src/model/ontology.ts so the schema cannot
 * drift from the model: the Entity fields, a typed field per attribute, and typed relationship
 * fields (src/schema/typed-relations.ts). Written as a loop rather than twenty near-identical files.
 */

export interface MoneyRecord {
  amount: string;
  currency: string;
}

export const MoneyRef = builder.objectRef<MoneyRecord>('Money').implement({
  description: 'An exact amount of money.',
  fields: (t) => ({
    amount: t.field({
      type: 'Decimal',
      description: 'The amount, exact, e.g. "602444.70".',
      resolve: (m) => m.amount,
    }),
    currency: t.exposeString('currency', { description: 'ISO 4217 currency code, e.g. USD.' }),
  }),
});

const inherited = new Set(['name', 'nameTh', 'aliases', 'description']);

const propDescriptions: Record<string, string> = {
  iso2: 'ISO 3166-1 alpha-2 country code.',
  kind: 'What kind of thing this is, e.g. ministry, bilateral, mou.',
  status: 'Status as the source gives it, e.g. planned, held, adopted, draft.',
  ordinal: 'Its number in a series, e.g. 4 for the 4th meeting.',
  startDate: 'First day.',
  endDate: 'Last day.',
  datePrecision: 'How precise the dates are: day, or month when the source names only the month.',
  city: 'City where it takes place.',
  date: 'The date.',
  year: 'The year.',
  startYear: 'First year covered.',
  endYear: 'Last year covered.',
  asOfYear: 'The year up to which the total counts.',
  projectCount: 'Number of projects, as the source states it.',
  amount: 'The amount of money, exact.',
  contributions: 'Money paid in, in total, exact.',
  currency: 'ISO 4217 currency code.',
  foundedYear: 'Year it was set up.',
  founded: 'Year it was set up.',
  paragraph: 'The numbered paragraph it changes.',
  addedWording: 'The words added, verbatim.',
  phase: 'Phase of the work it belongs to.',
  binding: 'Whether it binds its parties legally.',
  honorific: 'Honorific, e.g. Mr or Mrs.',
  issuer: 'Who issued it.',
  language: 'Language of the text (ISO 639-1).',
  url: 'Where the text is published.',
  file: 'Path of the text in this repository.',
  descriptionTh: 'A short Thai description.',
};

type Types = typeof builder.$inferSchemaTypes;
type FieldBuilder = PothosSchemaTypes.ObjectFieldBuilder<Types, EntityRecord>;

function attributeField(t: FieldBuilder, prop: string, kind: PropKind) {
  const value = (entity: EntityRecord) => entity.props[prop] ?? null;
  const description = propDescriptions[prop] ?? `The ${prop} attribute.`;
  switch (kind) {
    case 'string':
      return t.string({ nullable: true, description, resolve: (e) => value(e) as string | null });
    case 'strings':
      return t.stringList({ nullable: true, description, resolve: (e) => value(e) as string[] | null });
    case 'date':
      return t.field({
        type: 'Date',
        nullable: true,
        description,
        resolve: (e) => value(e) as string | null,
      });
    case 'integer':
      return t.int({ nullable: true, description, resolve: (e) => value(e) as number | null });
    case 'boolean':
      return t.boolean({ nullable: true, description, resolve: (e) => value(e) as boolean | null });
    case 'decimal':
      return t.field({
        type: MoneyRef,
        nullable: true,
        description: `${description} With its currency.`,
        resolve: (e) => {
          const amount = e.props[prop];
          return typeof amount === 'string' ? { amount, currency: String(e.props.currency ?? 'USD') } : null;
        },
      });
  }
}

function relationField(t: FieldBuilder, relation: TypedRelation) {
  const target = relation.to?.length === 1 ? objectRefs[relation.to[0] as EntityType] : EntityRef;
  const question = typedQuery(relation);
  const key = questionKey(question);
  // Planned ahead, the entities came with the parent (src/schema/lookahead.ts); otherwise they load.
  const query = async (entity: EntityRecord, ctx: Context) =>
    entity.prefetched?.get(key) ??
    (await ctx.entities.relations(entity.id, question)).relations.map((r) => r.node);
  if (relation.single) {
    return t.field({
      type: target,
      nullable: true,
      description: relation.description,
      // As of a day, the relation that won then (a later source may outrank it now).
      resolve: async (entity, _args, ctx) =>
        ctx.scope.view
          ? singleAsOf(ctx, entity, question, await query(entity, ctx))
          : ((await query(entity, ctx))[0] ?? null),
    });
  }
  return t.field({
    type: [target],
    description: `${relation.description} (At most ${MAX_PAGE}; use relations() to page.)`,
    resolve: (entity, _args, ctx) => query(entity, ctx),
  });
}

for (const [type, def] of Object.entries(entityTypes) as Array<[EntityType, EntityTypeDef]>) {
  objectRefs[type].implement({
    description: def.description,
    interfaces: [NodeRef, EntityRef],
    isTypeOf: (value) => (value as EntityRecord).type === type,
    fields: (t) => {
      const fields: Record<string, FieldRef<Types>> = {};
      for (const [prop, kind] of Object.entries(def.props)) {
        if (!inherited.has(prop)) fields[prop] = attributeField(t, prop, kind);
      }
      if ('amount' in def.props) {
        fields.amountUsd = t.field({
          type: 'Decimal',
          nullable: true,
          description: 'The amount when it is in US dollars, exact.',
          resolve: (e) =>
            e.props.currency === 'USD' ? ((e.props.amount as string | undefined) ?? null) : null,
        });
      }
      for (const relation of typedRelations[type] ?? []) fields[relation.field] = relationField(t, relation);
      return fields;
    },
  });
}
