import { relative } from 'node:path';
import type { Database } from '../db/database.ts';
import { checkSources, type SourceFailure } from '../facts/check-sources.ts';
import { formatProblem, type SourceFacts } from '../facts/source-facts.ts';
import { dataDir, factsFileOf, listSourceIds } from '../facts/source-files.ts';
import { syncReleases } from '../releases/releases.ts';
import { type Glossary, glossaryFor } from '../search/glossary.ts';
import { keepLackingHistories } from './kept-dates.ts';
import { reconcileSource } from './reconcile.ts';
import { type SourceChange, SourceConflictError } from './source-change.ts';

export interface LoadAllResult {
  /** One per source loaded, changed or not, and per source removed. */
  changes: SourceChange[];
  /** Sources skipped: the graph keeps what their last good load wrote. */
  failed: SourceFailure[];
}

export interface LoadOptions {
  /** Work out every change in one transaction, then roll it back: kb:plan. */
  dryRun?: boolean;
}

const graphSources = { name: 'kb.graphSources', cypher: 'MATCH (s:Source) RETURN s.id AS id ORDER BY id' };

/** Thrown to roll a dry run back, carrying what it found. */
class DryRunDone extends Error {
  constructor(readonly changes: SourceChange[]) {
    super('dry run');
  }
}

/**
 * Reconciles the graph with `dir`: loads every source that validates and removes every source
 * whose files are gone, one transaction each. A source that does not validate, or whose ids
 * clash with the graph, is skipped and returned in `failed`: the graph keeps its last good load,
 * and the other sources still load. A dry run does the same in one transaction and rolls it back.
 */
export async function loadAllSources(
  db: Database,
  dir: string,
  options: LoadOptions = {},
): Promise<LoadAllResult> {
  const { valid, failed } = checkSources(dir);
  const glossary = glossaryFor(dir);
  const present = new Set(listSourceIds(dir));
  const inGraph = (await db.read(graphSources)).map((row) => row.id as string);
  const steps: Array<{ source: string; facts: SourceFacts | null }> = [
    ...inGraph.filter((id) => !present.has(id)).map((source) => ({ source, facts: null })),
    ...valid.map((facts) => ({ source: facts.meta.id, facts })),
  ];
  const skip = (error: SourceConflictError, source: string) => {
    const file = factsFileOf(source, dir);
    failed.push({ source, problems: error.reasons.map((reason) => ({ file, at: 'load', reason })) });
  };
  const changes = options.dryRun ? await planAll(db, steps, glossary, skip) : [];
  if (!options.dryRun) {
    for (const { source, facts } of steps) {
      try {
        const { result } = await db.writeTransaction(`kb.load.${source}`, (run, counters) =>
          reconcileSource(run, counters, source, facts, { glossary }),
        );
        changes.push(result);
      } catch (error) {
        if (!(error instanceof SourceConflictError)) throw error;
        skip(error, source);
      }
    }
    await syncReleases(db, dir);
    await keepLackingHistories(db);
  }
  failed.sort((a, b) => a.source.localeCompare(b.source));
  return { changes, failed };
}

/** Every step in one transaction, rolled back; a source that clashes is left out and the plan redone. */
async function planAll(
  db: Database,
  steps: Array<{ source: string; facts: SourceFacts | null }>,
  glossary: Glossary,
  skip: (error: SourceConflictError, source: string) => void,
): Promise<SourceChange[]> {
  for (let remaining = steps; ; ) {
    let clash: { error: SourceConflictError; source: string } | undefined;
    try {
      await db.writeTransaction('kb.plan', async (run, counters) => {
        const changes: SourceChange[] = [];
        for (const { source, facts } of remaining) {
          try {
            changes.push(await reconcileSource(run, counters, source, facts, { glossary }));
          } catch (error) {
            if (error instanceof SourceConflictError) clash = { error, source };
            throw error;
          }
        }
        throw new DryRunDone(changes);
      });
    } catch (error) {
      if (error instanceof DryRunDone) return error.changes;
      if (!clash) throw error;
      skip(clash.error, clash.source);
      const left = clash.source;
      remaining = remaining.filter((step) => step.source !== left);
    }
  }
}

/** What to say about a skipped source: its problems as lines, files named relative to `dir`. */
export function describeFailure(failure: SourceFailure, dir: string = dataDir) {
  return {
    source: failure.source,
    problems: failure.problems.map((problem) =>
      formatProblem({ ...problem, file: relative(dir, problem.file) }),
    ),
  };
}

const shown = (value: unknown) => (value === null ? '(none)' : JSON.stringify(value));

/** What a load did (or a plan would do) to one source, as lines for a terminal. */
export function formatChange(change: SourceChange, detail = 20): string[] {
  const { added, removed } = change;
  const counts = [
    `+${added.entities.length}/-${removed.entities.length} entities`,
    `+${added.relations.length}/-${removed.relations.length} relations`,
    `${change.changed.length} values changed`,
    `${change.conflicts.length} new conflicts`,
  ];
  const states =
    change.status === 'removed'
      ? 'removed'
      : `${change.status}, states ${change.entities} entities and ${change.relations} relations`;
  const lines = [
    `${change.source}: ${states}; ${change.status === 'unchanged' ? 'nothing to do' : counts.join(', ')} (${change.ms} ms)`,
  ];
  const details = [
    ...added.entities.map((id) => `+ entity ${id}`),
    ...removed.entities.map((id) => `- entity ${id}`),
    ...added.relations.map((id) => `+ relation ${id}`),
    ...removed.relations.map((id) => `- relation ${id}`),
    ...change.changed.map((c) => `~ ${c.entity}.${c.property}: ${shown(c.before)} → ${shown(c.after)}`),
    ...change.conflicts.map((c) => `! conflict ${c.entity}.${c.property}`),
    ...change.warnings.map((w) => `? ${w.message}`),
  ];
  lines.push(...details.slice(0, detail).map((line) => `    ${line}`));
  if (details.length > detail) lines.push(`    … and ${details.length - detail} more (--json lists all)`);
  return lines;
}
