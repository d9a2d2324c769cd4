import { type GraphQLResolveInfo, Kind, type SelectionSetNode } from 'graphql';
import { type EntityType, entityTypes, isEntityType } from '../kb/ontology.ts';
import type { NestedPlan } from '../stores/nested.ts';
import { type TypedRelation, typedQuery, typedRelations } from './typed-relations.ts';

export const allEntityTypes = Object.keys(entityTypes) as EntityType[];

/**
 * Looks ahead from a root field at the typed relationship fields the client selected below it, at any
 * depth, so the store can fetch them in the same query as the root. `path` leads from the root field
 * to the entities (`['nodes']` on a connection); `parents` are the types those entities can have.
 * Generic `relations(...)` fields are not planned: they page by cursor and load on demand.
 */
export function planNested(
  info: GraphQLResolveInfo,
  path: string[],
  parents: readonly EntityType[],
): NestedPlan[] {
  const plans = new Map<string, PlanBuilder>();
  for (const node of info.fieldNodes) {
    for (const set of selectionSetsAt(info, node.selectionSet, path)) collect(info, set, parents, plans);
  }
  return build(plans);
}

interface PlanBuilder {
  plan: NestedPlan;
  children: Map<string, PlanBuilder>;
}

function build(plans: Map<string, PlanBuilder>): NestedPlan[] {
  return [...plans.values()].map(({ plan, children }) => ({ ...plan, children: build(children) }));
}

function collect(
  info: GraphQLResolveInfo,
  set: SelectionSetNode | undefined,
  parents: readonly EntityType[],
  plans: Map<string, PlanBuilder>,
) {
  for (const selection of set?.selections ?? []) {
    if (selection.kind === Kind.FIELD) {
      for (const [relation, types] of relationsNamed(selection.name.value, parents)) {
        const query = typedQuery(relation);
        const key = JSON.stringify(query);
        const entry = plans.get(key) ?? { plan: { query, parents: [], children: [] }, children: new Map() };
        plans.set(key, entry);
        entry.plan.parents = [...new Set([...entry.plan.parents, ...types])];
        collect(info, selection.selectionSet, relation.to ?? allEntityTypes, entry.children);
      }
      continue;
    }
    const fragment =
      selection.kind === Kind.INLINE_FRAGMENT ? selection : info.fragments[selection.name.value];
    const condition = fragment?.typeCondition?.name.value;
    const narrowed = condition && isEntityType(condition) ? parents.filter((t) => t === condition) : parents;
    collect(info, fragment?.selectionSet, narrowed, plans);
  }
}

/** The typed relations called `field` on any of `parents`, each with the parent types that have it. */
function relationsNamed(field: string, parents: readonly EntityType[]) {
  const found = new Map<TypedRelation, EntityType[]>();
  for (const type of parents) {
    const relation = typedRelations[type]?.find((candidate) => candidate.field === field);
    if (relation) found.set(relation, [...(found.get(relation) ?? []), type]);
  }
  return found;
}

/** The selection sets found by following field names from `set`, through fragments. */
function selectionSetsAt(
  info: GraphQLResolveInfo,
  set: SelectionSetNode | undefined,
  path: string[],
): SelectionSetNode[] {
  if (!set) return [];
  const [head, ...rest] = path;
  if (head === undefined) return [set];
  return set.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) {
      return selection.name.value === head ? selectionSetsAt(info, selection.selectionSet, rest) : [];
    }
    const fragment =
      selection.kind === Kind.INLINE_FRAGMENT ? selection : info.fragments[selection.name.value];
    return selectionSetsAt(info, fragment?.selectionSet, path);
  });
}
