import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { isIsoDate } from '../dates.ts';
import { type Limit, overLimit } from './limits.ts';
import type { Problem, SourceFacts, SourceMeta } from './source-facts.ts';
import { maxFactsBytes, readUtf8File } from './utf8-file.ts';
import { validateFacts } from './validate.ts';
import { isRecord } from './values.ts';

/** Source ids are file names and appear in URLs: lower-case letters, digits and hyphens. */
export const sourceIdPattern = /^[a-z0-9][a-z0-9-]{2,119}$/;

/** The repository's knowledge base. */
export const repositoryDataDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../data');

/**
 * The knowledge base read and written by default: `KB_DATA_DIR`, else the repository's. The tests
 * set it to a copy made for their run, so no test and no script a test runs reaches the real one.
 */
export const dataDir = process.env.KB_DATA_DIR ? resolve(process.env.KB_DATA_DIR) : repositoryDataDir;

export interface ReadOptions {
  /** Files larger than this are a problem and not read; `KB_MAX_FACTS_BYTES` by default. */
  maxBytes?: number;
  /**
   * Files' text by path, read instead of the disk (null: the file is gone): a curation write
   * checks its edit before it writes it.
   */
  files?: ReadonlyMap<string, string | null>;
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
  const read = (file: string) => {
    const edited = options.files?.get(file);
    if (edited !== undefined && edited !== null) return edited;
    if (edited === null) return void problems.push({ file, at: 'file', reason: 'is missing' });
    return readUtf8File(file, maxBytes, problems);
  };
  const metaText = read(metaFile);
  const text = read(textFile);
  const yamlText = read(factsFile);
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
  const meta = readMeta(metaFile, metaText, id, problems, text.length);
  const result = validateFacts(factsFile, yamlText, text, meta);
  return { facts: result.facts, problems: [...problems, ...result.problems] };
}

/** The metadata's strings and their limits. */
const metaLimits: Array<[string, Limit]> = [
  ['titleEn', 'title'],
  ['titleTh', 'title'],
  ['issuer', 'value'],
  ['language', 'value'],
  ['url', 'url'],
];

/**
 * A source's metadata alone, as the reader's page view needs it; undefined when the id is not a
 * source's, the file is missing or it does not check.
 */
export function readSourceMeta(id: string, dir: string = dataDir): SourceMeta | undefined {
  if (!sourceIdPattern.test(id)) return undefined;
  const file = join(dir, 'sources', `${id}.meta.yaml`);
  const problems: Problem[] = [];
  const text = readUtf8File(file, maxFactsBytes(), problems);
  const meta = text === undefined ? undefined : readMeta(file, text, id, problems, Number.MAX_SAFE_INTEGER);
  return problems.length ? undefined : meta;
}

function readMeta(
  file: string,
  yamlText: string,
  id: string,
  problems: Problem[],
  textLength: number,
): SourceMeta {
  let raw: Record<string, unknown> = {};
  try {
    raw = (parseYaml(yamlText) ?? {}) as Record<string, unknown>;
  } catch (error) {
    problems.push({ file, at: 'file', reason: `is not valid YAML: ${(error as Error).message}` });
  }
  const text = (key: string) => (typeof raw[key] === 'string' ? (raw[key] as string).trim() : '');
  if (!text('titleEn') && !text('titleTh'))
    problems.push({
      file,
      at: 'titleEn',
      reason: 'is required (or titleTh, for a source with only a Thai title)',
    });
  if (!text('language')) problems.push({ file, at: 'language', reason: 'is required (th, en…)' });
  for (const [key, limit] of metaLimits) {
    const reason = typeof raw[key] === 'string' ? overLimit(key, raw[key] as string, limit) : undefined;
    if (reason) problems.push({ file, at: key, reason });
  }
  if (!isIsoDate(raw.date)) problems.push({ file, at: 'date', reason: 'must be an ISO date (YYYY-MM-DD)' });
  return {
    id,
    titleEn: text('titleEn') || text('titleTh'),
    titleTh: text('titleTh'),
    date: String(raw.date ?? ''),
    issuer: text('issuer'),
    language: String(raw.language ?? ''),
    ...(typeof raw.url === 'string' ? { url: raw.url } : {}),
    ...pagesOf(raw.pages, textLength, (reason) => problems.push({ file, at: 'pages', reason })),
    ...originalOf(raw.original, id, (reason) => problems.push({ file, at: 'original', reason })),
  };
}

/**
 * Where each page starts in the text, from an import's page map (`pages: [{start: 0, …}, …]`):
 * ascending offsets from 0, none past the end of the text.
 */
function pagesOf(raw: unknown, textLength: number, problem: (reason: string) => void): { pages?: number[] } {
  if (raw === undefined) return {};
  const starts = Array.isArray(raw) ? raw.map((page) => (isRecord(page) ? page.start : undefined)) : [];
  const ascending = starts.every(
    (start, index) =>
      Number.isSafeInteger(start) &&
      (start as number) <= textLength &&
      (index ? (start as number) >= (starts[index - 1] as number) : start === 0),
  );
  if (!starts.length || !ascending) {
    problem('must list the pages, each with its start: ascending offsets into the text from 0');
    return {};
  }
  return { pages: starts as number[] };
}

/** The ids of every source that has a facts file, on disk or among `files` (see ReadOptions). */
export function listSourceIds(dir: string = dataDir, files?: ReadOptions['files']): string[] {
  const factsDir = join(dir, 'facts');
  const ids = new Set(
    existsSync(factsDir)
      ? readdirSync(factsDir)
          .filter((file) => file.endsWith('.yaml'))
          .map((file) => basename(file, '.yaml'))
      : [],
  );
  for (const [file, text] of files ?? []) {
    if (dirname(file) !== factsDir || !file.endsWith('.yaml')) continue;
    if (text === null) ids.delete(basename(file, '.yaml'));
    else ids.add(basename(file, '.yaml'));
  }
  return [...ids].sort();
}

/** The original an import kept: `stored` is `<id>.<extension>` under sources/, nothing else. */
function originalOf(
  raw: unknown,
  id: string,
  problem: (reason: string) => void,
): Pick<SourceMeta, 'original'> {
  if (raw === undefined) return {};
  const stored = isRecord(raw) ? raw.stored : undefined;
  if (
    typeof stored !== 'string' ||
    !new RegExp(`^${id}\\.(?:pdf|docx|html|md|txt|png|jpg|tif)$`).test(stored)
  ) {
    problem(`must name the original kept under sources/ as stored: ${id}.<pdf|docx|html|md|txt|png|jpg|tif>`);
    return {};
  }
  return { original: { stored, format: String((raw as Record<string, unknown>).format ?? '') } };
}
