import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { isIsoDate, type Problem, type SourceFacts, type SourceMeta, validateFacts } from './validate.ts';

export const dataDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../data');

/**
 * A source is three files sharing an id: `sources/<id>.txt` (the text, unchanged),
 * `sources/<id>.meta.yaml` (title, date, issuer, language) and `facts/<id>.yaml`.
 */
export function readSource(id: string, dir: string = dataDir): { facts: SourceFacts; problems: Problem[] } {
  const factsFile = join(dir, 'facts', `${id}.yaml`);
  const textFile = join(dir, 'sources', `${id}.txt`);
  const metaFile = join(dir, 'sources', `${id}.meta.yaml`);
  const missing = [textFile, metaFile].filter((file) => !existsSync(file));
  if (missing.length) {
    const empty = { meta: { id } as SourceMeta, text: '', entities: [], relations: [] };
    return { facts: empty, problems: missing.map((file) => ({ file, at: 'file', reason: 'is missing' })) };
  }
  const metaProblems: Problem[] = [];
  const meta = readMeta(metaFile, id, metaProblems);
  const result = validateFacts(
    factsFile,
    readFileSync(factsFile, 'utf8'),
    readFileSync(textFile, 'utf8'),
    meta,
  );
  return { facts: result.facts, problems: [...metaProblems, ...result.problems] };
}

function readMeta(file: string, id: string, problems: Problem[]): SourceMeta {
  let raw: Record<string, unknown> = {};
  try {
    raw = (parseYaml(readFileSync(file, 'utf8')) ?? {}) as Record<string, unknown>;
  } catch (error) {
    problems.push({ file, at: 'file', reason: `is not valid YAML: ${(error as Error).message}` });
  }
  for (const key of ['titleEn', 'titleTh', 'issuer', 'language']) {
    if (typeof raw[key] !== 'string' || raw[key] === '')
      problems.push({ file, at: key, reason: 'is required' });
  }
  if (!isIsoDate(raw.date)) problems.push({ file, at: 'date', reason: 'must be an ISO date (YYYY-MM-DD)' });
  return {
    id,
    titleEn: String(raw.titleEn ?? ''),
    titleTh: String(raw.titleTh ?? ''),
    date: String(raw.date ?? ''),
    issuer: String(raw.issuer ?? ''),
    language: String(raw.language ?? ''),
    ...(typeof raw.url === 'string' ? { url: raw.url } : {}),
  };
}

/** The ids of every source that has a facts file. */
export function listSourceIds(dir: string = dataDir): string[] {
  const factsDir = join(dir, 'facts');
  if (!existsSync(factsDir)) return [];
  return readdirSync(factsDir)
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => basename(file, '.yaml'))
    .sort();
}
