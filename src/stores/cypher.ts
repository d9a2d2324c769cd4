import { badInput } from '../errors.ts';
import { isEntityType, isRelationType, relationTypes } from '../model/ontology.ts';
import { laterThan, type SourceView, visibleRelation, visibleSource, whereIf } from './as-of.ts';
import type { Direction, NestedPlan, PropSelection, RelationQuery, RelationSelection } from './records.ts';

/**
 * The Cypher fragments the stores share: projections of nodes and relationships into records,
 * validated type patterns, the date window, and the nested projection of planned typed fields.
 * Only validated names reach query text; every value is a parameter.
 */

/** The stored properties of a node or relationship `v`: all, or a map of the chosen keys. */
const projectProps = (v: string, props: PropSelection) =>
  props === 'all' ? `properties(${v})` : `${v} {${props.map((key) => `.\`${key}\``).join(', ')}}`;

/*
 * Records come from Cypher as lists, not maps: the driver unpacks a map key by key, and the keys of
 * a typed field's records were a quarter of a read's CPU (docs/reports/profiles.md). records.ts parses them.
 */

/**
 * An entity `n` as `[id, type, props]` (parseEntity). With a view, a selection keeps `lastKnown`,
 * which tells whether its values are re-resolved as of the day (src/stores/as-of.ts).
 */
export const entityRecord = (n: string, props: PropSelection = 'all', view: SourceView | null = null) =>
  `[${n}.id, [l IN labels(${n}) WHERE l <> 'Entity'][0], ${projectProps(n, view && props !== 'all' ? [...props, 'lastKnown'] : props)}]`;

/**
 * A relationship `r` as `[id, type, from, to, props]` (parseEdge). With a view, a selection keeps
 * what its qualifiers are re-resolved from (src/stores/as-of.ts relationAsOf), only when a source
 * not visible states it too: for the others there is nothing to do.
 */
export const edgeRecord = (r: string, props: PropSelection = 'all', view: SourceView | null = null) =>
  `[${r}.id, type(${r}), startNode(${r}).id, endNode(${r}).id, ${
    // No property asked (a neighbourhood's nodes only): nothing to re-resolve, nothing extra read.
    view && props !== 'all' && props.length ? asOfProps(r, props, view) : projectProps(r, props)
  }]`;

/** The selected keys of `r`, and those relationAsOf reads when a source not visible states it. */
function asOfProps(r: string, props: readonly string[], view: SourceView): string {
  const extra = ['sources', 'sourceDates', 'claims'].filter((key) => !props.includes(key));
  const later = extra.map((key) => `${key}: CASE WHEN ${laterThan(r, view)} THEN ${r}.${key} END`);
  return `${r} {${[...props.map((key) => `.\`${key}\``), ...later].join(', ')}}`;
}

/**
 * A relationship `r` seen from `n`, `m` at the other end: `[id, type, direction, from, to, props, node]`
 * (parseRelation), with the properties selected of each (all by default).
 */
export const relationRecord = (
  n: string,
  r: string,
  m: string,
  select: RelationSelection = { edge: 'all', node: 'all' },
) =>
  `[${r}.id, type(${r}), CASE WHEN startNode(${r}) = ${n} THEN 'OUT' ELSE 'IN' END,
    startNode(${r}).id, endNode(${r}).id, ${projectProps(r, select.edge)}, ${entityRecord(m, select.node)}]`;

/** Undated relationships always pass; dated ones must overlap the window. */
export const inWindow = (r: string) => `
  ($windowFrom IS NULL OR coalesce(${r}.endDate, ${r}.date, date('9999-12-31')) >= date($windowFrom))
  AND ($windowTo IS NULL OR coalesce(${r}.startDate, ${r}.date, date('0001-01-01')) <= date($windowTo))`;

export const allRelationTypes = Object.keys(relationTypes);

/**
 * Checks user-given relationship types against the ontology and returns a Cypher type expression
 * (`:A|B`). None given means every domain type, which leaves out the provenance edges (CITED_IN).
 */
export function relationPattern(types: readonly string[] | null | undefined): string {
  const chosen = types?.length ? types : allRelationTypes;
  const unknown = chosen.filter((type) => !isRelationType(type));
  if (unknown.length) {
    throw badInput(`Unknown relationship type(s): ${unknown.join(', ')}`, { allowed: allRelationTypes });
  }
  return `:${[...new Set(chosen)].join('|')}`;
}

/** Same for node types: a label expression (`:A|B`), or `:Entity` for any entity. */
export function labelPattern(types: readonly string[] | null | undefined): string {
  if (!types?.length) return ':Entity';
  const unknown = types.filter((type) => !isEntityType(type));
  if (unknown.length) throw badInput(`Unknown entity type(s): ${unknown.join(', ')}`);
  return `:${[...new Set(types)].join('|')}`;
}

const arrows: Record<Direction, [string, string]> = { OUT: ['-', '->'], IN: ['<-', '-'], BOTH: ['-', '-'] };

/** `(n)-[r:TYPES]->(m:Labels)` for a relation question. */
export function relationMatch(
  query: RelationQuery,
  n: string,
  r: string,
  m: string,
  view: SourceView | null = null,
): string {
  const [left, right] = arrows[query.direction];
  const conditions = [
    ...(query.shown ? [`${r}.outranked IS NULL`] : []),
    ...(view ? [visibleRelation(r, view)] : []),
  ];
  const shown = conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '';
  return `(${n})${left}[${r}${relationPattern(query.types)}${shown}]${right}(${m}${labelPattern(query.nodeTypes)})`;
}

/**
 * A list expression `[[...], [...]]` holding, for the entity `n`, the entities of every planned
 * typed field in plan order (in relationship id order, as the loaders give them), each as
 * `[entity, nested]` or `[entity, nested, evidence]`: the selected properties only, and its own
 * nested list. It is evaluated in the query that finds `n`, so a whole tree of typed fields costs
 * that one round trip.
 */
export function nestedProjection(
  n: string,
  plans: NestedPlan[],
  depth = 0,
  view: SourceView | null = null,
): string {
  const entries = plans.map((plan) => {
    const [r, m] = [`r${depth}`, `m${depth}`];
    const parent = `${n}${labelPattern(plan.parents)}`;
    return `COLLECT {
      MATCH ${relationMatch(plan.query, parent, r, m, view)}
      WITH ${r}, ${m} ORDER BY ${r}.id LIMIT ${plan.query.first}
      RETURN [${entityRecord(m, plan.props, view)}, ${nestedProjection(m, plan.children, depth + 1, view)}${
        plan.evidence ? `, ${evidenceProjection(m, depth + 1, view)}` : ''
      }]
    }`;
  });
  return `[${entries.join(', ')}]`;
}

/**
 * The CITED_IN edges of the entity `n`, each with its whole source: what parseEvidence reads.
 * In source id order, then section and quote, so a planned read and the loader give the same.
 */
export function evidenceProjection(n: string, depth = 0, view: SourceView | null = null): string {
  const [c, s] = [`c${depth}`, `s${depth}`];
  return `COLLECT {
      MATCH (${n})-[${c}:CITED_IN]->(${s}:Source)${whereIf(view, (v) => visibleSource(s, v))}
      WITH ${c}, ${s} ORDER BY ${s}.id, ${c}.section, ${c}.quote
      RETURN {source: ${entityRecord(s)}, section: ${c}.section, quote: ${c}.quote, start: ${c}.start, end: ${c}.end, claims: ${c}.claims}
    }`;
}

/**
 * The citations of `n` alone, as `[source id, section, quote, start, end]` in evidenceProjection's
 * order: what `citations { quote section }` reads, without each source's properties and claims.
 */
export function citationProjection(n: string, view: SourceView | null = null): string {
  return `COLLECT {
      MATCH (${n})-[c:CITED_IN]->(s:Source)${whereIf(view, (v) => visibleSource('s', v))}
      WITH c, s ORDER BY s.id, c.section, c.quote
      RETURN [s.id, c.section, c.quote, c.start, c.end]
    }`;
}
