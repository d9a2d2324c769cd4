import type { OperationBudget } from '../db/budget.ts';
import type { Database } from '../db/database.ts';
import { resolveAsOf, type SourceView } from './as-of.ts';
import type { EntityRecord } from './records.ts';

/**
 * Money as of a day or a release: the amounts summed in Cypher are the stored ones, shown now. A
 * project or a stated total whose amount a source not visible claims is re-resolved (one round
 * trip for all, src/stores/as-of.ts) and the sums are made again from the amounts then.
 */

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

/** Itemised groups with each project's amount and currency as of the view. */
export async function fundingItemsAsOf(
  db: Database,
  view: SourceView,
  items: FundingItem[],
  budget: OperationBudget,
): Promise<FundingItem[]> {
  const resolved = await byId(
    db,
    view,
    items.flatMap((item) => item.projects),
    budget,
  );
  const groups = new Map<string, FundingItem>();
  for (const item of items) {
    for (const stored of item.projects) {
      const project = resolved.get(stored.id) ?? stored;
      const cents = project.props.amountCents;
      if (typeof cents !== 'number') continue;
      const currency = typeof project.props.currency === 'string' ? project.props.currency : 'USD';
      const key = `${item.key}\u0000${currency}`;
      const group = groups.get(key) ?? { ...item, currency, cents: 0, count: 0, projects: [] };
      group.cents += cents;
      group.count += 1;
      group.projects.push(project);
      groups.set(key, group);
    }
  }
  return [...groups.values()].sort(
    (a, b) => a.key.localeCompare(b.key) || a.currency.localeCompare(b.currency),
  );
}

/** Stated totals with the amounts stated, and the itemised sums, as of the view. */
export async function statedTotalsAsOf(
  db: Database,
  view: SourceView,
  totals: Array<StatedTotal & { items: EntityRecord[] }>,
  budget: OperationBudget,
): Promise<StatedTotal[]> {
  const all = totals.flatMap((total) => [total.aggregate, ...total.items]);
  const resolved = await byId(db, view, all, budget);
  return totals.flatMap(({ items, ...total }) => {
    const aggregate = resolved.get(total.aggregate.id) ?? total.aggregate;
    const stated = aggregate.props.amountCents;
    if (typeof stated !== 'number') return [];
    const amounts = items.map((item) => (resolved.get(item.id) ?? item).props.amountCents);
    const count = aggregate.props.projectCount;
    return [
      {
        ...total,
        aggregate,
        statedCents: stated,
        statedCount: typeof count === 'number' ? count : null,
        itemisedCents: amounts.reduce<number>(
          (sum, cents) => sum + (typeof cents === 'number' ? cents : 0),
          0,
        ),
      },
    ];
  });
}

async function byId(db: Database, view: SourceView, entities: EntityRecord[], budget: OperationBudget) {
  const resolved = await resolveAsOf(db, view, entities, budget);
  return new Map(resolved.map((entity) => [entity.id, entity]));
}
