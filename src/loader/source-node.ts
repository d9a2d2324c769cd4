import type { SourceFacts } from '../facts/source-facts.ts';
import type { Glossary } from '../search/glossary.ts';
import type { Run } from './queries.ts';
import * as q from './queries.ts';
import type { ReconcileScope } from './reconcile-scope.ts';
import { type SourceChange, SourceConflictError } from './source-change.ts';
import { sourceHashOf, sourceNodeProps } from './stored-claims.ts';

export interface OpenedSource {
  facts: SourceFacts;
  isNew: boolean;
  scope: ReconcileScope | undefined;
  /** The source was in the graph with another date: every entity it cites has other kept dates. */
  dateChanged: boolean;
}

/**
 * Writes the Source node, after checking its id against the graph's entities. Null when the
 * source is unchanged; else the facts to compare (narrowed to the scope when it still applies).
 */
export async function openSource(
  run: Run,
  source: string,
  facts: SourceFacts,
  { glossary, scope }: { glossary: Glossary; scope?: ReconcileScope | undefined },
  change: SourceChange,
): Promise<OpenedSource | null> {
  if (facts.entities.some((entity) => entity.id === source))
    throw new SourceConflictError(source, [`it declares an entity with its own id "${source}"`]);
  const [taken] = await run(q.sourceIdTaken, { source });
  if (taken) {
    const labels = (taken.labels as string[]).filter((label) => label !== 'Entity').join(':');
    throw new SourceConflictError(source, [`the graph holds an entity (${labels}) with the id "${source}"`]);
  }
  const hash = scope?.hash ?? sourceHashOf(facts, glossary);
  const upserted = await run(q.upsertSource, { source, props: sourceNodeProps(facts, hash), hash });
  if (!upserted.length) {
    change.status = 'unchanged';
    return null;
  }
  const isNew = upserted[0]?.previous === null;
  if (isNew) change.status = 'new';
  const dateChanged = !isNew && upserted[0]?.previousDate !== facts.meta.date;
  if (scope && upserted[0]?.previous === scope.previous)
    return { facts: narrowed(facts, scope), isNew, scope, dateChanged };
  await run(q.replaceRedirects, { source, sameAs: facts.sameAs ?? [] });
  await run(q.writeText, { source, text: facts.text.normalize('NFC') });
  return { facts, isNew, scope: undefined, dateChanged };
}

/** The facts in a write's scope. */
function narrowed(facts: SourceFacts, scope: ReconcileScope): SourceFacts {
  const entities = new Set(scope.entities);
  const relations = new Set(scope.relations.map((relation) => relation.id));
  return {
    ...facts,
    entities: facts.entities.filter((entity) => entities.has(entity.id)),
    relations: facts.relations.filter((relation) => relations.has(relation.id)),
    references: (facts.references ?? []).filter((reference) => entities.has(reference.id)),
  };
}
