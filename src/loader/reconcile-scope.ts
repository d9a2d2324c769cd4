import type { SourceFacts } from '../facts/source-facts.ts';
import type { Glossary } from '../search/glossary.ts';
import { sourceHashOf } from './stored-claims.ts';

/**
 * What one write changed in a source: the entities and relations to reconcile, when the graph
 * holds the source as it was before (`previous`, its hash).
 */
export interface ReconcileScope {
  previous: string;
  hash: string;
  /** Entities declared or named whose claim or mention changed. */
  entities: string[];
  relations: Array<{ id: string; from: string; to: string }>;
}

/**
 * What a write changes in a source, as checked before and after it: the entities and relations
 * whose facts differ, and the ends of those relations (a mention is cited with the first
 * relation naming it). Undefined when a change reaches every fact (the text, the metadata,
 * `sameAs`) or the source is new or removed: then the whole source is reconciled. `glossary` is
 * the knowledge base's, which the source's hash covers.
 */
export function reconcileScope(
  before: SourceFacts | undefined,
  after: SourceFacts | null | undefined,
  glossary: Glossary,
): ReconcileScope | undefined {
  if (!before || !after) return undefined;
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  if (before.text !== after.text || !same(before.meta, after.meta) || !same(before.sameAs, after.sameAs))
    return undefined;
  const entities = new Set<string>();
  const relations = new Map<string, { id: string; from: string; to: string }>();
  const diff = <T extends { id: string }>(was: T[], now: T[], changed: (item: T) => void) => {
    const old = new Map(was.map((item) => [item.id, JSON.stringify(item)]));
    const next = new Map(now.map((item) => [item.id, JSON.stringify(item)]));
    for (const item of was) if (next.get(item.id) !== old.get(item.id)) changed(item);
    for (const item of now) if (old.get(item.id) !== next.get(item.id)) changed(item);
  };
  diff(before.entities, after.entities, (entity) => entities.add(entity.id));
  diff(before.references ?? [], after.references ?? [], (reference) => entities.add(reference.id));
  diff(before.relations, after.relations, ({ id, from, to }) => {
    relations.set(id, { id, from, to });
    entities.add(from).add(to);
  });
  return {
    previous: sourceHashOf(before, glossary),
    hash: sourceHashOf(after, glossary),
    entities: [...entities],
    relations: [...relations.values()],
  };
}
