import type { CertaintyWarning } from '../model/certainty.ts';
import type { Resolved } from '../model/claims.ts';

/** What a load changed, from Neo4j's own counters. A second load of the same file reports zeros. */
export interface LoadCounters {
  nodesCreated: number;
  nodesDeleted: number;
  relationshipsCreated: number;
  relationshipsDeleted: number;
  propertiesSet: number;
  labelsAdded: number;
  labelsRemoved: number;
}

export interface PropertyChange {
  entity: string;
  property: string;
  before: unknown;
  after: unknown;
}

/** What a load or removal of one source did to the graph, or would do (kb:plan). */
export interface SourceChange {
  source: string;
  status: 'new' | 'changed' | 'unchanged' | 'removed';
  /** What the source states now. */
  entities: number;
  relations: number;
  added: { entities: string[]; relations: string[] };
  removed: { entities: string[]; relations: string[] };
  /** Values shown that changed, on entities that were there before. */
  changed: PropertyChange[];
  /** Properties that were not in conflict and now are. */
  conflicts: Array<{ entity: string; property: string }>;
  /** Newer claims shown over earlier, more certain ones (src/model/certainty.ts). */
  warnings: CertaintyWarning[];
  counters: LoadCounters;
  ms: number;
}

/**
 * A source and an entity share an id: loading would turn the entity into the Source (or the
 * Source into an entity), and the damage would outlive the file. Nothing is written.
 */
export class SourceConflictError extends Error {
  override name = 'SourceConflictError';
  constructor(
    readonly source: string,
    readonly reasons: string[],
  ) {
    super(`Source ${source} not loaded: ${reasons.join('; ')}`);
  }
}

export const emptyCounters = (): LoadCounters => ({
  nodesCreated: 0,
  nodesDeleted: 0,
  relationshipsCreated: 0,
  relationshipsDeleted: 0,
  propertiesSet: 0,
  labelsAdded: 0,
  labelsRemoved: 0,
});

/** The counters of `after` minus those of `before`: what one source did in a shared transaction. */
export function countersSince(before: Record<string, number>, after: Record<string, number>): LoadCounters {
  const out = emptyCounters();
  for (const key of Object.keys(out) as Array<keyof LoadCounters>) {
    out[key] = (after[key] ?? 0) - (before[key] ?? 0);
  }
  return out;
}

/** A change that has not started: `status` says whether the source is loaded or removed. */
export function startChange(source: string, given: { entities: unknown[]; relations: unknown[] } | null) {
  const change: SourceChange = {
    source,
    status: given ? 'changed' : 'removed',
    entities: given?.entities.length ?? 0,
    relations: given?.relations.length ?? 0,
    added: { entities: [], relations: [] },
    removed: { entities: [], relations: [] },
    changed: [],
    conflicts: [],
    warnings: [],
    counters: emptyCounters(),
    ms: 0,
  };
  return change;
}

/** Records the values shown that changed on `entity`, and the conflicts that are new. */
export function noteChanges(change: SourceChange, entity: string, was: Resolved, now: Resolved) {
  for (const property of new Set([...Object.keys(was.props), ...Object.keys(now.props)])) {
    const before = was.props[property];
    const after = now.props[property];
    if (JSON.stringify(before) !== JSON.stringify(after))
      change.changed.push({ entity, property, before: before ?? null, after: after ?? null });
  }
  for (const property of now.conflicts) {
    if (!was.conflicts.includes(property)) change.conflicts.push({ entity, property });
  }
}
