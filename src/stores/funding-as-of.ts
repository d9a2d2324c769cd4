import type { OperationBudget } from '../db/budget.ts';
import type { Database } from '../db/database.ts';
import { amountsOn } from '../model/amount-history.ts';
import type { ClaimSet } from '../model/claims.ts';
import { laterThan, resolveAsOf, type SourceView } from './as-of.ts';
import { entityRecord } from './cypher.ts';
import type { EntityRecord } from './records.ts';

/**
 * Money as of a day or a release: the amounts summed in Cypher are the stored ones, shown now. A
 * project or a stated total whose amount a source not visible claims is re-resolved (one round
 * trip for all, src/stores/as-of.ts) and the sums are made again from the amounts then. As of a
 * day, a project not shown takes its amounts then from those the loader keeps on it
 * (`amountHistory`, src/model/amount-history.ts) instead of its claims.
 */

/** What fundingItemsAsOf reads of a changed project when the projects are not shown. */
const summedProps = ['amountCents', 'currency', 'year', 'amountHistory'];

/**
 * The pieces of the funding query as of the view (src/stores/analytics-store.ts fundingItems),
 * after `WITH key, g, currency`: the projects collected only when asked for, the sums aggregated
 * as the rows go (the condition read the amounts), each project's `lastKnown` tested once. Without
 * the projects asked, the changed ones are collected there as records of what is summed of them
 * and their kept amounts (`later`): no claim sets (bench/asof-funding.ts: 1.22× against 1.33×
 * from a list comprehension after the aggregation). With the projects asked, into `changed`;
 * then, for a day, one CALL reads them and their claim sets known then (`later`, `laterSets`),
 * faster than a pattern comprehension per project (docs/reports/as-of.md).
 */
export function fundingColumnsAsOf(view: SourceView, withProjects: boolean) {
  const sums = ', sum(p.amountCents) AS cents, count(p) AS count';
  if (!withProjects)
    return {
      projects: '[] AS projects',
      aggregates: `${sums},
         collect(CASE WHEN ${laterThan('p', view)} THEN ${entityRecord('p', summedProps, view)} END) AS later`,
      call: '',
      sums: 'cents, count',
      columns: ', later',
    };
  const record = (e: string) => entityRecord(e, 'all', view);
  const aggregates = `${sums},
         collect(CASE WHEN ${laterThan('p', view)} THEN p END) AS changed`;
  const projects = 'collect(p) AS projects';
  if (view.sources)
    return {
      projects,
      aggregates,
      call: '',
      sums: 'cents, count',
      columns: `, [e IN changed | ${record('e')}] AS later`,
    };
  const call = `
       CALL (changed) {
         UNWIND changed AS e
         OPTIONAL MATCH (e)-[lc:CITED_IN]->(ls:Source) WHERE lc.claims IS NOT NULL AND ls.date <= date($asOfDay)
         WITH e, collect(CASE WHEN lc IS NULL THEN null ELSE
           {source: ls.id, date: ls.date, section: lc.section, quote: lc.quote, claims: lc.claims} END) AS sets
         RETURN collect(${record('e')}) AS later, collect({id: e.id, sets: sets}) AS laterSets
       }`;
  return { projects, aggregates, call, sums: 'cents, count', columns: ', later, laterSets' };
}

export interface FundingItem {
  key: string;
  currency: string;
  group: EntityRecord | null;
  cents: number;
  count: number;
  /** Empty unless asked for. */
  projects: EntityRecord[];
}

export interface StatedTotal {
  key: string;
  aggregate: EntityRecord;
  statedCents: number;
  statedCount: number | null;
  itemisedCents: number;
  itemisedCount: number;
}

/**
 * Itemised groups as of the view: the projects in `later` (those a source not visible claims
 * something of) leave the sums made in Cypher, and join them again, in the group of their
 * currency then, with their amount then, if they have one. By YEAR (`byYear`), a project's group
 * is its year then, too.
 */
export async function fundingItemsAsOf(
  db: Database,
  view: SourceView,
  items: Array<FundingItem & { later: EntityRecord[] }>,
  withProjects: boolean,
  budget: OperationBudget,
  byYear = false,
  known: Map<string, ClaimSet[]> = new Map(),
): Promise<FundingItem[]> {
  const later = items.flatMap((item) => item.later);
  const resolved = withProjects
    ? await byId(db, view, later, budget, known)
    : await summedThen(db, view, later, budget);
  const groups = new Map<string, FundingItem>();
  const groupOf = (item: FundingItem, currency: string) => {
    const key = `${item.key}\u0000${currency}`;
    const group = groups.get(key) ?? { ...item, currency, cents: 0, count: 0, projects: [] };
    groups.set(key, group);
    return group;
  };
  for (const { later, ...item } of items) {
    const moved = new Set(later.map((project) => project.id));
    const stays = groupOf(item, item.currency);
    stays.cents += item.cents - later.reduce((sum, project) => sum + centsOf(project), 0);
    stays.count += item.count - later.length;
    stays.projects.push(...item.projects.filter((project) => !moved.has(project.id)));
    for (const stored of later) {
      const project = resolved.get(stored.id) ?? stored;
      if (typeof project.props.amountCents !== 'number') continue;
      const home = byYear ? { ...item, key: yearOf(project), group: null } : item;
      const group = groupOf(home, currencyOf(project));
      group.cents += centsOf(project);
      group.count += 1;
      if (withProjects) group.projects.push(project);
    }
  }
  return [...groups.values()]
    .filter((group) => group.count > 0)
    .map((group) => ({ ...group, projects: group.projects.sort((a, b) => a.id.localeCompare(b.id)) }))
    .sort((a, b) => a.key.localeCompare(b.key) || a.currency.localeCompare(b.currency));
}

const centsOf = (project: EntityRecord) =>
  typeof project.props.amountCents === 'number' ? project.props.amountCents : 0;
const yearOf = (project: EntityRecord) =>
  project.props.year === null || project.props.year === undefined ? 'unassigned' : String(project.props.year);
const currencyOf = (project: EntityRecord) =>
  typeof project.props.currency === 'string' ? project.props.currency : 'USD';

/**
 * Stated totals as of the view: the amount stated, and the itemised sum made again for the
 * projects in `later` (those a source not visible claims something of).
 */
export async function statedTotalsAsOf(
  db: Database,
  view: SourceView,
  totals: Array<StatedTotal & { later: EntityRecord[] }>,
  budget: OperationBudget,
  known: Map<string, ClaimSet[]> = new Map(),
): Promise<StatedTotal[]> {
  const all = totals.flatMap((total) => [total.aggregate, ...total.later]);
  const resolved = await byId(db, view, all, budget, known);
  return totals.flatMap(({ later, ...total }) => {
    const aggregate = resolved.get(total.aggregate.id) ?? total.aggregate;
    const stated = aggregate.props.amountCents;
    if (typeof stated !== 'number') return [];
    const then = sum(later.map((item) => centsOf(resolved.get(item.id) ?? item)));
    const count = aggregate.props.projectCount;
    return [
      {
        ...total,
        aggregate,
        statedCents: stated,
        statedCount: typeof count === 'number' ? count : null,
        itemisedCents: total.itemisedCents - sum(later.map(centsOf)) + then,
      },
    ];
  });
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

/**
 * What is summed of the changed projects `later` (read with summedProps) as of the view: as of a
 * day, from the amounts kept on them; re-resolved from their claims for a release, or where none
 * are kept (a graph loaded before histories were kept, until the next load)
 * or what is kept is not a history.
 */
async function summedThen(
  db: Database,
  view: SourceView,
  later: EntityRecord[],
  budget: OperationBudget,
): Promise<Map<string, EntityRecord>> {
  const settled: EntityRecord[] = [];
  const unsettled: EntityRecord[] = [];
  for (const project of later) {
    const then = view.sources === null ? amountsOn(project.props.amountHistory, view.asOf) : null;
    if (then) settled.push({ ...project, props: { ...project.props, ...then } });
    else unsettled.push(project);
  }
  const resolved = await byId(db, view, unsettled, budget, new Map());
  for (const project of settled) resolved.set(project.id, project);
  return resolved;
}

async function byId(
  db: Database,
  view: SourceView,
  entities: EntityRecord[],
  budget: OperationBudget,
  known: Map<string, ClaimSet[]>,
) {
  const resolved = await resolveAsOf(db, view, entities, budget, known);
  return new Map(resolved.map((entity) => [entity.id, entity]));
}
