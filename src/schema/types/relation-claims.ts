import type { Context } from '../../context.ts';
import type { Claim, ClaimSet } from '../../model/claims.ts';
import type { SingleValued } from '../../model/ontology.ts';
import { resolveSingleValued, type StatedRelation } from '../../model/single-valued.ts';
import { MAX_PAGE } from '../../stores/paging.ts';
import type { EntityRecord } from '../../stores/records.ts';

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
  const { claims } = resolveSingleValued(entity.id, entity.type, stated, dates, claimSets);
  const wanted = new Set<string>(specs.map((spec) => spec.relation));
  return claims.filter((claim) => wanted.has(claim.property)).map(({ relation: _, ...claim }) => claim);
}
