import {
  type FragmentSpreadNode,
  type GraphQLResolveInfo,
  type InlineFragmentNode,
  Kind,
  type SelectionSetNode,
} from 'graphql';
import { commonProps, type EntityType, entityTypes, isEntityType, type PropKind } from '../model/ontology.ts';
import {
  type NestedPlan,
  type PropSelection,
  questionKey,
  type RelationSelection,
  type SubgraphProps,
} from '../stores/records.ts';
import { type TypedRelation, typedQuery, typedRelations } from './typed-relations.ts';

export const allEntityTypes = Object.keys(entityTypes) as EntityType[];

/** What a root field needs of its entities: their selected properties and the typed fields below. */
export interface Lookahead {
  props: PropSelection;
  plans: NestedPlan[];
  /** A field that reads their evidence (sources, citations, claims…) is selected on them. */
  evidence: boolean;
}

/** Entity fields that read the entity's evidence (EntityStore.evidence). */
const evidenceFields = new Set(['sources', 'citations', 'citation', 'claims', 'history']);

/**
 * Looks ahead from a root field at what the client selected on its entities, at any depth: the
 * stored properties that the selected fields read, and the typed relationship fields, so the
 * store can fetch all of it in the root's own query. `paths` lead from the root field to the
 * entities (`['nodes']` on a connection); `parents` are the types those entities can have.
 * Generic `relations(...)` fields are not planned: they page by cursor and load on demand.
 */
export function lookahead(
  info: GraphQLResolveInfo,
  paths: string[][],
  parents: readonly EntityType[],
): Lookahead {
  const level = newLevel();
  for (const node of info.fieldNodes) {
    for (const path of paths) {
      for (const set of selectionSetsAt(info, node.selectionSet, path)) collect(info, set, parents, level);
    }
  }
  return { props: selectedProps(level), plans: build(level), evidence: level.evidence };
}

/** One level of the selection: the properties read there and the typed fields, by question. */
interface Level {
  props: Set<string> | 'all';
  plans: Map<string, { plan: NestedPlan; children: Level }>;
  evidence: boolean;
}

const newLevel = (): Level => ({ props: new Set(), plans: new Map(), evidence: false });

const selectedProps = (level: Level): PropSelection =>
  level.props === 'all' ? 'all' : [...level.props].sort();

function build(level: Level): NestedPlan[] {
  return [...level.plans.values()].map(({ plan, children }) => ({
    ...plan,
    props: selectedProps(children),
    children: build(children),
    evidence: children.evidence,
  }));
}

function collect(
  info: GraphQLResolveInfo,
  set: SelectionSetNode | undefined,
  parents: readonly EntityType[],
  level: Level,
) {
  for (const selection of set?.selections ?? []) {
    if (selection.kind !== Kind.FIELD) {
      const fragment = fragmentOf(info, selection);
      const condition = fragment?.typeCondition?.name.value;
      const narrowed =
        condition && isEntityType(condition) ? parents.filter((t) => t === condition) : parents;
      collect(info, fragment?.selectionSet, narrowed, level);
      continue;
    }
    const field = selection.name.value;
    if (evidenceFields.has(field)) level.evidence = true;
    const relations = relationsNamed(field, parents);
    if (!relations.size) {
      const read = propsRead(field);
      level.props = read === 'all' || level.props === 'all' ? 'all' : new Set([...level.props, ...read]);
    }
    for (const [relation, types] of relations) {
      const query = typedQuery(relation);
      const key = questionKey(query);
      const entry = level.plans.get(key) ?? {
        plan: { query, key, parents: [], props: 'all', children: [], evidence: false },
        children: newLevel(),
      };
      level.plans.set(key, entry);
      entry.plan.parents = [...new Set([...entry.plan.parents, ...types])];
      collect(info, selection.selectionSet, relation.to ?? allEntityTypes, entry.children);
    }
  }
}

/** Every stored property of any entity type, with its kind. */
const propKinds = new Map<string, PropKind>(
  [commonProps, ...Object.values(entityTypes).map((def) => def.props)].flatMap((props) =>
    Object.entries(props),
  ),
);

/**
 * The stored properties a field of an entity reads. Attribute fields read their own (an amount
 * also its currency, a citation the name); `properties` reads them all; id, type and relationship
 * fields read none.
 */
function propsRead(field: string): string[] | 'all' {
  if (field === 'properties') return 'all';
  if (field === 'amountUsd') return ['amount', 'currency'];
  // claims lists the single-valued relations in dispute, which `conflicts` names.
  if (field === 'conflicts' || field === 'claims') return ['conflicts'];
  if (field === 'citation') return ['name'];
  const kind = propKinds.get(field);
  if (!kind) return [];
  return kind === 'decimal' ? [field, 'currency'] : [field];
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

/** Edge fields that read its stored properties; the rest of an edge is its id, type and ends. */
const edgePropsFields = ['properties', 'provenance', 'citation'];

/**
 * What a field returning entities as `nodes` and relationships as `edges` (a neighbourhood, a
 * path) needs of them: the entities' selected properties, and the relationships' only when a
 * field that reads them is selected.
 */
export function subgraphProps(info: GraphQLResolveInfo): SubgraphProps {
  const edgeFields = fieldsAt(info, ['edges']);
  return {
    nodes: lookahead(info, [['nodes']], allEntityTypes).props,
    edges: edgePropsFields.some((field) => edgeFields.has(field)) ? 'all' : [],
  };
}

/** Relation fields that read none of its stored properties; any other reads those named, or all. */
const relationFieldsWithoutProps = new Set(['__typename', 'id', 'type', 'direction', 'node', 'from', 'to']);
const relationFieldProps: Record<string, string[]> = {
  provenance: ['claims', 'sources'],
  conflicts: ['conflicts'],
  shown: ['outranked'],
};

/**
 * What a page of relations (a RelationConnection) needs: the relationships' properties that the
 * selected fields read, and the selected properties of the entities at their far ends.
 */
export function relationSelection(info: GraphQLResolveInfo): RelationSelection {
  const fields = new Set([...fieldsAt(info, ['nodes']), ...fieldsAt(info, ['edges', 'node'])]);
  const edge = new Set<string>();
  for (const field of fields) {
    if (relationFieldsWithoutProps.has(field)) continue;
    const read = relationFieldProps[field];
    if (!read) return { edge: 'all', node: nodeProps(info) };
    for (const key of read) edge.add(key);
  }
  return { edge: [...edge].sort(), node: nodeProps(info) };
}

const nodeProps = (info: GraphQLResolveInfo) =>
  lookahead(
    info,
    [
      ['nodes', 'node'],
      ['edges', 'node', 'node'],
    ],
    allEntityTypes,
  ).props;

/** The names of the fields selected at the end of `path` below the current field (`[]`: directly). */
export function fieldsAt(info: GraphQLResolveInfo, path: string[]): Set<string> {
  const names = new Set<string>();
  const visit = (set: SelectionSetNode | undefined) => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) names.add(selection.name.value);
      else visit(fragmentOf(info, selection)?.selectionSet);
    }
  };
  for (const node of info.fieldNodes) {
    for (const set of selectionSetsAt(info, node.selectionSet, path)) visit(set);
  }
  return names;
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
    return selectionSetsAt(info, fragmentOf(info, selection)?.selectionSet, path);
  });
}

/** An inline fragment, or the definition a fragment spread names. */
function fragmentOf(info: GraphQLResolveInfo, selection: InlineFragmentNode | FragmentSpreadNode) {
  return selection.kind === Kind.INLINE_FRAGMENT ? selection : info.fragments[selection.name.value];
}
