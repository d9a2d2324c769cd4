import type { Context } from '../../context.ts';
import type { Claim, ClaimSet } from '../../model/claims.ts';
import { type SingleValued, singleValued, singleValuedOf } from '../../model/ontology.ts';
import {
  resolveSingleValued,
  type SingleValuedResult,
  type StatedRelation,
} from '../../model/single-valued.ts';
import { MAX_PAGE } from '../../stores/paging.ts';
import type { EntityRecord, RelationQuery } from '../../stores/records.ts';

/**
 * Each source's value of an entity's single-valued relations (a meeting's host), as Entity.claims
 * lists them: the relationships come through the relation loader, their sources' dates through
 * the entity loader, so many entities asked at once cost one query each.
 */
export async function relationClaimsOf(
  ctx: Context,
  entity: EntityRecord,
  specs: readonly SingleValued[],
  claimSets: readonly ClaimSet[],
): Promise<Claim[]> {
  if (!specs.length) return [];
  const { claims } = await settled(ctx, entity, specs, claimSets);
  const wanted = new Set<string>(specs.map((spec) => spec.relation));
  return claims.filter((claim) => wanted.has(claim.property)).map(({ relation: _, ...claim }) => claim);
}

/**
 * As of a day or a release, the single-valued relations of `entity` settled again from the claims
 * known then (the relations read and the claim sets are those of the view): a dispute that arose
 * with a later source is none then, and the value shown is the one then.
 */
export async function settledAsOf(ctx: Context, entity: EntityRecord): Promise<SingleValuedResult> {
  const { claimSets } = await ctx.entities.evidenceOf(entity);
  return settled(ctx, entity, singleValuedOf(entity.type), claimSets);
}

async function settled(
  ctx: Context,
  entity: EntityRecord,
  specs: readonly SingleValued[],
  claimSets: readonly ClaimSet[],
): Promise<SingleValuedResult> {
  const pages = await Promise.all(
    specs.map((spec) =>
      ctx.entities.relations(entity.id, {
        types: [spec.relation],
        direction: spec.at === 'from' ? 'OUT' : 'IN',
        first: MAX_PAGE,
        withCount: false,
      }),
    ),
  );
  const stated: StatedRelation[] = pages.flatMap((page) =>
    page.relations.map((relation) => ({
      id: relation.id,
      type: relation.type,
      from: relation.from,
      to: relation.to,
      sources: (relation.props.sources as string[] | undefined) ?? [],
      claims: (relation.props.claims as string[] | undefined) ?? [],
    })),
  );
  const sources = [...new Set(stated.flatMap((relation) => relation.sources))];
  const records = await Promise.all(sources.map((source) => ctx.entities.byId.load(source)));
  const dates = new Map(sources.map((source, index) => [source, String(records[index]?.props.date ?? '')]));
  return resolveSingleValued(entity.id, entity.type, stated, dates, claimSets);
}

const isSingleValued = (name: string) => singleValued.some((spec) => spec.relation === name);

/**
 * The entity's `conflicts`: as stored, and as of a day or a release with its single-valued
 * relations settled again from what was known then. A dispute then is one now too (the sources
 * then are among those now), so only a dispute now is looked at.
 */
export async function conflictsOf(ctx: Context, entity: EntityRecord): Promise<string[]> {
  const stored = (entity.props.conflicts as string[] | undefined) ?? [];
  if (!ctx.scope.view || !stored.some(isSingleValued)) return stored;
  const { conflicts } = await settledAsOf(ctx, entity);
  return [...stored.filter((name) => !isSingleValued(name)), ...conflicts].sort();
}

/**
 * Relation.shown: whether no other source's value outranks this one, now or as of the view (then
 * settled again at the entity that takes one value, from the claims known then).
 */
export async function shownOf(
  ctx: Context,
  relation: { id: string; type: string; from: string; to: string; props: Record<string, unknown> },
): Promise<boolean> {
  const specs = singleValued.filter((spec) => spec.relation === relation.type);
  if (!ctx.scope.view || !specs.length) return relation.props.outranked !== true;
  const anchors = [...new Set(specs.map((spec) => (spec.at === 'from' ? relation.from : relation.to)))];
  for (const id of anchors) {
    const anchor = await ctx.entities.byId.load(id);
    if (!anchor || !singleValuedOf(anchor.type).some((spec) => spec.relation === relation.type)) continue;
    if ((await settledAsOf(ctx, anchor)).outranked.includes(relation.id)) return false;
  }
  return true;
}

/**
 * A single-valued typed field (`hostCountry`) as of a day or a release: the first relationship
 * visible then, in id order, that is not outranked by what was known then (the Cypher of the
 * typed field skips those outranked now). `planned` is what the read planned for the field: kept
 * when it is that entity, so the fields planned below it need no round trip.
 */
export async function singleAsOf(
  ctx: Context,
  entity: EntityRecord,
  question: RelationQuery,
  planned: EntityRecord[],
): Promise<EntityRecord | null> {
  // A field no single-valued rule anchors on this entity (`partOf`) can have nothing outranked.
  const ruled = singleValuedOf(entity.type).some((spec) => question.types?.includes(spec.relation));
  if (!ruled) return planned[0] ?? null;
  const [page, { outranked }] = await Promise.all([
    ctx.entities.relations(entity.id, { ...question, shown: false, first: MAX_PAGE }),
    settledAsOf(ctx, entity),
  ]);
  const winner = page.relations.find((relation) => !outranked.includes(relation.id));
  if (!winner) return null;
  return planned.find((node) => node.id === winner.node.id) ?? winner.node;
}
