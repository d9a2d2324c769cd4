import type { Database } from '../db/database.ts';
import { type LoadReport, loadSource } from './load.ts';
import { dataDir, listSourceIds, readSource } from './source-files.ts';
import { FactsInvalidError, type SourceFacts } from './validate.ts';

/** Validates every source under `dir`; throws with all problems if any file is broken. */
export function checkAllSources(dir: string = dataDir): SourceFacts[] {
  const results = listSourceIds(dir).map((id) => readSource(id, dir));
  const problems = results.flatMap((result) => result.problems);
  if (problems.length) throw new FactsInvalidError(problems);
  return results.map((result) => result.facts);
}

/** Checks everything first, so a broken file stops the load before anything is written. */
export async function loadAllSources(db: Database, dir: string = dataDir): Promise<string[]> {
  const reports: LoadReport[] = [];
  for (const facts of checkAllSources(dir)) reports.push(await loadSource(db, facts));
  return reports.map(formatReport);
}

export function formatReport(report: LoadReport): string {
  const changes = Object.entries(report.counters)
    .filter(([, value]) => value > 0)
    .map(([key, value]) => `${key}=${value}`);
  return `Loaded ${report.source}: ${report.entities} entities, ${report.relations} relations in ${report.ms} ms (${
    changes.length ? changes.join(' ') : 'no changes'
  })`;
}
