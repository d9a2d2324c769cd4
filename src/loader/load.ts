import type { Database } from '../db/database.ts';
import type { SourceFacts } from '../facts/source-facts.ts';
import { glossaryFor } from '../search/glossary.ts';
import { reconcileSource } from './reconcile.ts';
import type { SourceChange } from './source-change.ts';

/**
 * Loads one source's validated facts in a single transaction: everything applies or nothing
 * does. Unchanged facts (same hash) are not written again; facts gone from the file are removed.
 * `dir` is the knowledge base the source belongs to: its glossary builds the search keys.
 */
export async function loadSource(db: Database, facts: SourceFacts, dir: string): Promise<SourceChange> {
  const glossary = glossaryFor(dir);
  const { result } = await db.writeTransaction(`kb.load.${facts.meta.id}`, (run, counters) =>
    reconcileSource(run, counters, facts.meta.id, facts, { glossary }),
  );
  return result;
}

/** Takes a source out of the graph: exactly its claims, and what no other source states. */
export async function removeSource(db: Database, source: string, dir: string): Promise<SourceChange> {
  const glossary = glossaryFor(dir);
  const { result } = await db.writeTransaction(`kb.remove.${source}`, (run, counters) =>
    reconcileSource(run, counters, source, null, { glossary }),
  );
  return result;
}
