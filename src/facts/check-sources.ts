import { checkAcrossSources, type SourceCheck } from './cross-check.ts';
import { FactsInvalidError, type Problem, type SourceFacts } from './source-facts.ts';
import { dataDir, factsFileOf, listSourceIds, type ReadOptions, readSource } from './source-files.ts';

/** A source that did not check (or was not loaded), and why. */
export interface SourceFailure {
  source: string;
  problems: Problem[];
}

export interface CheckedSources {
  valid: SourceFacts[];
  failed: SourceFailure[];
}

/** How a source is read and checked on its own: `readSource`, or a cache of it (src/facts/source-cache.ts). */
export type ReadSource = (id: string, dir: string, options: ReadOptions) => SourceCheck;

const readAfresh: ReadSource = (id, dir, options) => ({
  id,
  file: factsFileOf(id, dir),
  ...readSource(id, dir, options),
});

/** Validates every source under `dir`, each file on its own, then across files (see checkAcrossSources). */
export function checkSources(
  dir: string = dataDir,
  options: ReadOptions = {},
  read: ReadSource = readAfresh,
): CheckedSources {
  const results = listSourceIds(dir, options.files).map((id) => read(id, dir, options));
  checkAcrossSources(results, dir);
  return outcomeOf(results);
}

/** The sources that passed, and those that did not with their problems. */
export function outcomeOf(results: SourceCheck[]): CheckedSources {
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
