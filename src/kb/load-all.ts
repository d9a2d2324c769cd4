import { relative } from 'node:path';
import type { Database } from '../db/database.ts';
import { type LoadReport, loadSource, SourceConflictError } from './load.ts';
import { dataDir, factsFileOf, listSourceIds, type ReadOptions, readSource } from './source-files.ts';
import { FactsInvalidError, formatProblem, type Problem, type SourceFacts } from './validate.ts';

/** A source that was not loaded, and why. */
export interface SourceFailure {
  source: string;
  problems: Problem[];
}

export interface CheckedSources {
  valid: SourceFacts[];
  failed: SourceFailure[];
}

export interface LoadAllResult {
  /** One line per source loaded. */
  reports: string[];
  /** Sources skipped: the graph keeps what their last good load wrote. */
  failed: SourceFailure[];
}

/**
 * Validates every source under `dir`, each file on its own, then across files: a source id may
 * not be the id of an entity in any file, or loading the source would overwrite that entity.
 */
export function checkSources(dir: string = dataDir, options: ReadOptions = {}): CheckedSources {
  const results = listSourceIds(dir).map((id) => ({ id, ...readSource(id, dir, options) }));
  const declaredIn = new Map<string, string>();
  for (const { id, facts } of results) {
    for (const entity of facts.entities) if (!declaredIn.has(entity.id)) declaredIn.set(entity.id, id);
  }
  for (const result of results) {
    const owner = declaredIn.get(result.id);
    if (owner === undefined) continue;
    // The source is the one to rename: entity ids are shared by every file that cites them.
    result.problems.push({
      file: factsFileOf(result.id, dir),
      at: 'source',
      reason: `"${result.id}" is also the id of an entity (in ${relative(dir, factsFileOf(owner, dir))}); a source may not share an id with an entity: rename this source's files`,
    });
  }
  return {
    valid: results.filter((result) => !result.problems.length).map((result) => result.facts),
    failed: results
      .filter((result) => result.problems.length)
      .map((result) => ({ source: result.id, problems: result.problems })),
  };
}

/** Validates every source under `dir`; throws with all problems if any file is broken. */
export function checkAllSources(dir: string = dataDir): SourceFacts[] {
  const { valid, failed } = checkSources(dir);
  if (failed.length) throw new FactsInvalidError(failed.flatMap((failure) => failure.problems));
  return valid;
}

/**
 * Loads every source that validates, one transaction each. A source that does not validate, or
 * whose ids clash with the graph, is skipped and returned in `failed`: the graph keeps its last
 * good load, and the other sources still load.
 */
export async function loadAllSources(db: Database, dir: string = dataDir): Promise<LoadAllResult> {
  const { valid, failed } = checkSources(dir);
  const reports: string[] = [];
  for (const facts of valid) {
    try {
      reports.push(formatReport(await loadSource(db, facts)));
    } catch (error) {
      if (!(error instanceof SourceConflictError)) throw error;
      const file = factsFileOf(facts.meta.id, dir);
      failed.push({
        source: error.source,
        problems: error.reasons.map((reason) => ({ file, at: 'load', reason })),
      });
    }
  }
  failed.sort((a, b) => a.source.localeCompare(b.source));
  return { reports, failed };
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

export function formatReport(report: LoadReport): string {
  const changes = Object.entries(report.counters)
    .filter(([, value]) => value > 0)
    .map(([key, value]) => `${key}=${value}`);
  return `Loaded ${report.source}: ${report.entities} entities, ${report.relations} relations in ${report.ms} ms (${
    changes.length ? changes.join(' ') : 'no changes'
  })`;
}
