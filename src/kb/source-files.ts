import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { isIsoDate } from '../dates.ts';
import { maxFactsBytes, readUtf8File } from './utf8-file.ts';
import { type Problem, type SourceFacts, type SourceMeta, validateFacts } from './validate.ts';

export const dataDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../data');

export interface ReadOptions {
  /** Files larger than this are a problem and not read; `KB_MAX_FACTS_BYTES` by default. */
  maxBytes?: number;
  /** Facts files' text by source id, read instead of the files: a curation write checks its edit. */
  factsText?: ReadonlyMap<string, string>;
}

export function factsFileOf(id: string, dir: string = dataDir): string {
  return join(dir, 'facts', `${id}.yaml`);
}

/**
 * A source is three files sharing an id: `sources/<id>.txt` (the text, unchanged),
 * `sources/<id>.meta.yaml` (title, date, issuer, language) and `facts/<id>.yaml`. Each must be
 * UTF-8 and at most `maxBytes` long.
 */
export function readSource(
  id: string,
  dir: string = dataDir,
  options: ReadOptions = {},
): { facts: SourceFacts; problems: Problem[] } {
  const maxBytes = options.maxBytes ?? maxFactsBytes();
  const factsFile = factsFileOf(id, dir);
  const textFile = join(dir, 'sources', `${id}.txt`);
  const metaFile = join(dir, 'sources', `${id}.meta.yaml`);
  const problems: Problem[] = [];
  const metaText = readUtf8File(metaFile, maxBytes, problems);
  const text = readUtf8File(textFile, maxBytes, problems);
  const yamlText = options.factsText?.get(id) ?? readUtf8File(factsFile, maxBytes, problems);
  if (metaText === undefined || text === undefined || yamlText === undefined) {
    const empty = {
      meta: { id } as SourceMeta,
      text: '',
      entities: [],
      relations: [],
      sameAs: [],
      references: [],
    };
    return { facts: empty, problems };
  }
  const meta = readMeta(metaFile, metaText, id, problems);
  const result = validateFacts(factsFile, yamlText, text, meta);
  return { facts: result.facts, problems: [...problems, ...result.problems] };
}

function readMeta(file: string, yamlText: string, id: string, problems: Problem[]): SourceMeta {
  let raw: Record<string, unknown> = {};
  try {
    raw = (parseYaml(yamlText) ?? {}) as Record<string, unknown>;
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
