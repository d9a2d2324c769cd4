import { builder } from '../../builder.ts';
import { badInput, quoted } from '../../errors.ts';
import {
  type Claim,
  claimsOf,
  describeStep,
  type HistoryStep,
  historyOf,
  ranks,
} from '../../model/claims.ts';
import { isPropertyName, singleValued, singleValuedOf } from '../../model/ontology.ts';
import { EntityRef, SourceRef } from '../refs.ts';
import { EntityConnectionRef, EntityFilter, EntitySort, listPage } from './lists.ts';
import { ProvenanceRef } from './relation.ts';
import { conflictsOf, relationClaimsOf } from './relation-claims.ts';

/**
 * What each source says: an entity's claims, the properties on which sources disagree, the history
 * of a meeting's status and dates across sources, and a source's own entities (its relations are
 * `relations`, src/schema/types/entity.ts).
 * The rules that pick the value shown are in src/model/claims.ts and docs/design/claims.md.
 */

export const RankEnum = builder.enumType('Rank', {
  description: "A curator's ranking of a claim, as in Wikidata.",
  values: Object.fromEntries(
    ranks.map((rank) => [
      rank.toUpperCase(),
      {
        value: rank,
        description: {
          preferred: 'Shown whatever the other sources say.',
          normal: 'Shown when it is the most recent source’s claim.',
          deprecated: 'Kept and listed, never shown.',
        }[rank],
      },
    ]),
  ),
});

const isSingleValued = (name: string) => singleValued.some((spec) => spec.relation === name);

const provenanceOfClaim = (claim: { source: string; section: string; quote: string }) => ({
  source: claim.source,
  section: claim.section || null,
  quote: claim.quote,
});

const ClaimRef = builder.objectRef<Claim>('Claim').implement({
  description: 'One value of one property, as one source states it.',
  fields: (t) => ({
    property: t.exposeString('property', { description: 'The property, e.g. "status".' }),
    value: t.field({
      type: 'JSON',
      description: 'The value as the facts file gives it (dates and amounts as strings).',
      resolve: (claim) => claim.value,
    }),
    preferred: t.exposeBoolean('preferred', {
      description:
        'Whether this is the value shown: ranked preferred; else, of a meeting’s status and dates, a record of what became of it; else the latest asOf, then the most recent source.',
    }),
    asOf: t.field({
      type: 'Date',
      description: 'The date the statement describes: asOf in the facts file, or else the source’s date.',
      resolve: (claim) => claim.asOf,
    }),
    rank: t.field({ type: RankEnum, description: 'The rank a curator gave it.', resolve: (c) => c.rank }),
    provenance: t.field({
      type: ProvenanceRef,
      description: 'The source, section and words.',
      resolve: provenanceOfClaim,
    }),
  }),
});

export const HistoryStepRef = builder.objectRef<HistoryStep>('HistoryStep').implement({
  description:
    'What one source says of a status and dates; steps come in the order of the dates they describe (asOf), then of the sources’ dates.',
  fields: (t) => ({
    summary: t.string({
      description: 'In words, e.g. "planned for March 2024" or "held 12–13 March 2024".',
      resolve: (step) => describeStep(step.values),
    }),
    values: t.field({
      type: 'JSON',
      description: 'The status and date properties this source gives.',
      resolve: (step) => step.values,
    }),
    sourceDate: t.field({
      type: 'Date',
      description: 'The date of the source.',
      resolve: (s) => s.sourceDate,
    }),
    asOf: t.field({
      type: 'Date',
      description: 'The date the step describes: asOf in the facts file, or else the source’s date.',
      resolve: (s) => s.asOf,
    }),
    provenance: t.field({
      type: ProvenanceRef,
      description: 'The source, section and words.',
      resolve: provenanceOfClaim,
    }),
  }),
});

builder.interfaceFields(EntityRef, (t) => ({
  claims: t.field({
    type: [ClaimRef],
    description:
      'Every claim every source makes about this entity (or one property), most recent source first; then, for a relation that takes one value (a meeting’s HOSTED_BY) and that sources dispute, each source’s value: the id at the other end. Name such a relation in `property` to see its claims when they agree.',
    args: {
      property: t.arg.string({
        required: false,
        description: 'Only this property, e.g. "status", or this single-valued relation, e.g. "HOSTED_BY".',
      }),
    },
    resolve: async (entity, args, ctx) => {
      const property = args.property ?? undefined;
      // Unasked, only the relations in dispute: those the sources agree on cost a read only when named.
      const disputed = await conflictsOf(ctx, entity);
      const relations = singleValuedOf(entity.type).filter((spec) =>
        property === undefined ? disputed.includes(spec.relation) : spec.relation === property,
      );
      if (property !== undefined && !isPropertyName(property) && !isSingleValued(property))
        throw badInput(`Unknown property ${quoted(property)}: not in the ontology`);
      const { claimSets } = await ctx.entities.evidenceOf(entity);
      const own = relations.length && property !== undefined ? [] : claimsOf(claimSets, property);
      return [...own, ...(await relationClaimsOf(ctx, entity, relations, claimSets))];
    },
  }),
  conflicts: t.stringList({
    description:
      'The properties, and the relations that take one value (e.g. "HOSTED_BY"), on which sources disagree; claims(property) shows each value.',
    resolve: (entity, _args, ctx) => conflictsOf(ctx, entity),
  }),
  history: t.field({
    type: [HistoryStepRef],
    description:
      'Status and dates as each source gives them, in the order of the dates they describe (asOf, then the sources’ dates), when sources differ: e.g. planned for March 2024 (a resolution of July restating February’s plan), then held 12–13 March 2024 (a meeting record). Empty otherwise.',
    resolve: async (entity, _args, ctx) => historyOf((await ctx.entities.evidenceOf(entity)).claimSets),
  }),
}));

builder.objectFields(SourceRef, (t) => ({
  entities: t.field({
    type: EntityConnectionRef,
    description: 'The entities this source names, filtered, sorted and paged.',
    args: {
      where: t.arg({ type: EntityFilter, required: false, description: 'Filters.' }),
      orderBy: t.arg({ type: EntitySort, required: false, description: 'Sort order; by name by default.' }),
      first: t.arg.int({ defaultValue: 20, description: 'Page size, at most 100.' }),
      after: t.arg.string({ required: false, description: 'endCursor of the previous page.' }),
    },
    resolve: (source, args, ctx, info) =>
      listPage(ctx, info, null, { ...args.where, source: source.id }, args),
  }),
}));
