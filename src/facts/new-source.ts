import { join } from 'node:path';
import { isIsoDate } from '../dates.ts';
import { hasThai } from '../search/text.ts';
import { stringifyFactsYaml } from './facts-yaml.ts';
import { factsFileOf, sourceIdPattern } from './source-files.ts';
import { maxFactsBytes } from './utf8-file.ts';

/** A new document, as `kb:new` and the `createSource` mutation take it. */
export interface NewSource {
  id: string;
  titleEn?: string | null;
  titleTh?: string | null;
  /** ISO date, YYYY-MM-DD. */
  date: string;
  issuer?: string | null;
  /** Default: `th` when the text has Thai script, else `en`. */
  language?: string | null;
  url?: string | null;
  /** The document's text, kept exactly as given: quotes are found in it. */
  text: string;
}

/**
 * The three files of a new source, by path under `dir`: its text, its metadata (with `extra`, what
 * an import records of the original and its pages) and an empty facts file. Throws the list of
 * what is wrong with the input, all at once.
 */
export function newSourceFiles(
  source: NewSource,
  dir: string,
  extra: Record<string, unknown> = {},
): Map<string, string> {
  const problems: string[] = [];
  const titleEn = source.titleEn?.trim() ?? '';
  const titleTh = source.titleTh?.trim() ?? '';
  if (!sourceIdPattern.test(source.id))
    problems.push(
      `id ${JSON.stringify(source.id.slice(0, 130))} must be 3 to 120 lower-case letters, digits and hyphens, e.g. cabinet-resolution-2024-07-09-adgmin4`,
    );
  if (!titleEn && !titleTh) problems.push('a title is required (English, Thai or both)');
  if (!isIsoDate(source.date)) problems.push(`date ${JSON.stringify(source.date)} must be YYYY-MM-DD`);
  if (!source.text.trim()) problems.push('the text is empty');
  const bytes = Buffer.byteLength(source.text);
  if (bytes > maxFactsBytes())
    problems.push(`the text is ${bytes} bytes, over the limit of ${maxFactsBytes()} (KB_MAX_FACTS_BYTES)`);
  if (source.url && !/^https?:\/\/\S+$/.test(source.url)) problems.push('url must be an http(s) address');
  if (problems.length) throw new NewSourceError(problems);

  const meta = {
    ...(titleTh ? { titleTh } : {}),
    ...(titleEn ? { titleEn } : {}),
    date: source.date,
    ...(source.issuer?.trim() ? { issuer: source.issuer.trim() } : {}),
    language: source.language?.trim() || (hasThai(source.text) ? 'th' : 'en'),
    ...(source.url ? { url: source.url } : {}),
    ...extra,
  };
  const text = `data/sources/${source.id}.txt`;
  const facts = [
    // One line: a title's line break would end the comment and start YAML.
    `# Facts of "${(titleEn || titleTh).replace(/[\s\u0085]+/gu, ' ').slice(0, 200)}" (${source.date}).`,
    `# Every entity and relation cites a section and a verbatim quote of ${text};`,
    '# `npm run kb:check` verifies them.',
    `source: ${source.id}`,
    'entities: []',
    'relations: []',
  ];
  return new Map([
    [join(dir, 'sources', `${source.id}.txt`), source.text],
    [
      join(dir, 'sources', `${source.id}.meta.yaml`),
      `# Metadata of ${text} (the text is kept unchanged).\n${stringifyFactsYaml(meta, {}, ['pages'])}`,
    ],
    [factsFileOf(source.id, dir), `${facts.join('\n')}\n`],
  ]);
}

export class NewSourceError extends Error {
  override name = 'NewSourceError';
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
  }
}
