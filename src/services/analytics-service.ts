import {
  type CentralityMeasure,
  centrality,
  communities,
  type ProjectionCache,
  ranked,
} from '../analytics/graph-metrics.ts';
import type { AnalyticsStore, FundingGroupBy } from '../stores/analytics-store.ts';
import type { EntityStore } from '../stores/entity-store.ts';
import type { FundingItem, StatedTotal } from '../stores/funding-as-of.ts';
import type { DateWindow, EntityRecord } from '../stores/records.ts';

/** Projects of one group, with the totals the source states for it. */
export interface FundingGroup {
  item: FundingItem;
  stated: StatedTotal[];
}

export interface ProjectionChoice {
  nodeTypes?: readonly string[] | null;
  types?: readonly string[] | null;
}

/**
 * The rules of the analytics: which projection an algorithm runs on and when it is recomputed,
 * how scores are ranked, how stated totals are set against itemised projects, and what counts
 * as upcoming. Stores fetch; this decides.
 */
export class AnalyticsService {
  constructor(
    private readonly store: AnalyticsStore,
    private readonly entities: EntityStore,
    private readonly projections: ProjectionCache,
  ) {}

  async centrality(measure: CentralityMeasure, choice: ProjectionChoice, top: number) {
    const { graph, memo } = await this.projected(choice);
    // Sorting tens of thousands of scores costs more than the cache lookup: keep the order too.
    const order = memo(measure, () => ranked(centrality(graph, measure), Number.POSITIVE_INFINITY));
    const scores = order.slice(0, top);
    const entities = await this.byId(scores.map((s) => s.id));
    // An entity removed since the projection was loaded drops out; the others keep their rank.
    return scores.flatMap((s, index) => {
      const entity = entities.get(s.id);
      return entity ? [{ entity, score: s.score, rank: index + 1 }] : [];
    });
  }

  async communities(choice: ProjectionChoice, top: number) {
    const { graph, memo } = await this.projected(choice);
    const found = memo('communities', () => communities(graph)).slice(0, top);
    const labels = await this.byId(found.map((c) => c.label));
    return found.flatMap((c) => {
      const label = labels.get(c.label);
      return label ? [{ label, members: c.members }] : [];
    });
  }

  /** Itemised projects by group, each group with the totals the source states for it. */
  async funding(groupBy: FundingGroupBy, withProjects: boolean): Promise<FundingGroup[]> {
    const [items, stated] = await Promise.all([
      this.store.fundingItems(groupBy, withProjects),
      this.store.statedTotals(groupBy),
    ]);
    const groups = new Map<string, FundingGroup>(items.map((item) => [item.key, { item, stated: [] }]));
    // Totals stated for a group with no itemised project: one batched load for all of them.
    const unnamed = [...new Set(stated.map((total) => total.key).filter((key) => !groups.has(key)))];
    const entities = groupBy === 'YEAR' ? [] : await this.entities.byId.loadMany(unnamed);
    unnamed.forEach((key, index) => {
      const entity = entities[index];
      const group = entity instanceof Error ? null : (entity ?? null);
      groups.set(key, {
        item: { key, currency: 'USD', group, cents: 0, count: 0, projects: [] },
        stated: [],
      });
    });
    for (const total of stated) groups.get(total.key)?.stated.push(total);
    return [...groups.values()].sort((a, b) => a.item.key.localeCompare(b.item.key));
  }

  /** Dated events in order; those after `asOf` (today by default) are upcoming. */
  async timeline(window: DateWindow, kinds: readonly string[] | null | undefined, asOf?: string | null) {
    const today = asOf ?? new Date().toISOString().slice(0, 10);
    const events = await this.store.timeline(window, kinds);
    return events.map((event) => ({ ...event, upcoming: event.date > today }));
  }

  /** Entities linked to both a and b (interlocks). */
  commonConnections(a: string, b: string, types?: readonly string[] | null) {
    return this.store.commonConnections(a, b, types);
  }

  /** Entities with the most similar neighbours (Jaccard). */
  similarEntities(id: string, types: readonly string[] | null | undefined, top: number) {
    return this.store.similarEntities(id, types, top);
  }

  /** Topics named together, most frequent first. */
  topicCooccurrence(top: number) {
    return this.store.topicCooccurrence(top);
  }

  /** Entities by id, in order, leaving out any that no longer exist. */
  async load(ids: string[]): Promise<EntityRecord[]> {
    const found = await this.entities.byId.loadMany(ids);
    return found.filter((entity): entity is EntityRecord => entity !== null && !(entity instanceof Error));
  }

  private async byId(ids: string[]): Promise<Map<string, EntityRecord>> {
    return new Map((await this.load(ids)).map((entity) => [entity.id, entity]));
  }

  private async projected(choice: ProjectionChoice) {
    const key = JSON.stringify([choice.nodeTypes ?? null, choice.types ?? null]);
    const version = await this.store.dataVersion();
    return this.projections.get(key, version, () => this.store.projection(choice.nodeTypes, choice.types));
  }
}
