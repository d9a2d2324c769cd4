import type { EntityType } from '../kb/ontology.ts';
import type { RelationQuery } from './entity-store.ts';
import { type Direction, entityMap, labelPattern, type PropSelection, relationPattern } from './records.ts';

/**
 * A typed field the client selected below a root field, known before the root is fetched: the
 * relation question it asks, the parent types that ask it, the properties selected on the
 * entities it returns, and the typed fields selected on those.
 */
export interface NestedPlan {
  query: RelationQuery;
  parents: EntityType[];
  props: PropSelection;
  children: NestedPlan[];
}

const arrows: Record<Direction, [string, string]> = { OUT: ['-', '->'], IN: ['<-', '-'], BOTH: ['-', '-'] };

/** `(n)-[r:TYPES]->(m:Labels)` for a relation question; only validated names reach the text. */
export function relationMatch(query: RelationQuery, n: string, r: string, m: string): string {
  const [left, right] = arrows[query.direction];
  return `(${n})${left}[${r}${relationPattern(query.types)}]${right}(${m}${labelPattern(query.nodeTypes)})`;
}

/** Cypher map projection of a relationship `r` seen from `n`, with `m` at the other end. */
export const relationMap = (n: string, r: string, m: string) =>
  `{id: ${r}.id, type: type(${r}), direction: CASE WHEN startNode(${r}) = ${n} THEN 'OUT' ELSE 'IN' END,
    props: properties(${r}), node: ${entityMap(m)}}`;

/**
 * A map expression `{p0: [...], p1: [...]}` holding, for the entity `n`, the entities of every
 * planned typed field (in relationship id order, as the loaders give them), each with the selected
 * properties only and its own `nested` map. It is evaluated in the query that finds `n`, so a
 * whole tree of typed fields costs that one round trip.
 */
export function nestedProjection(n: string, plans: NestedPlan[], depth = 0): string {
  const entries = plans.map((plan, index) => {
    const [r, m] = [`r${depth}`, `m${depth}`];
    const parent = `${n}${labelPattern(plan.parents)}`;
    return `p${index}: COLLECT {
      MATCH ${relationMatch(plan.query, parent, r, m)}
      WITH ${r}, ${m} ORDER BY ${r}.id LIMIT ${plan.query.first}
      RETURN {node: ${entityMap(m, plan.props)}, nested: ${nestedProjection(m, plan.children, depth + 1)}}
    }`;
  });
  return `{${entries.join(', ')}}`;
}
