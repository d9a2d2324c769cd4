import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { userError } from '../errors.ts';
import { sourceIdPattern } from '../facts/source-files.ts';
import { maxFactsBytes, readUtf8File } from '../facts/utf8-file.ts';
import { lexiconDataFor } from './lexicon-files.ts';
import { type Rejection, readRejections, writeRejection } from './rejections.ts';
import { type Suggestion, suggest } from './suggest.ts';

/** A source's text as the graph holds it (NFC), from its file: suggestions need no database. */
function sourceText(dir: string, source: string): string {
  const file = join(dir, 'sources', `${source}.txt`);
  if (!sourceIdPattern.test(source) || !existsSync(file))
    throw userError('NOT_FOUND', `no source ${JSON.stringify(source.slice(0, 80))}`);
  const problems: Array<{ file: string; at: string; reason: string }> = [];
  const text = readUtf8File(file, maxFactsBytes(), problems);
  if (text === undefined)
    throw userError('BAD_USER_INPUT', `source ${source}: ${problems.map((p) => p.reason).join('; ')}`);
  return text.normalize('NFC');
}

/** The suggestions for a source under `dir`, best left out when rejected or below `minScore`. */
export function sourceSuggestions(dir: string, source: string, minScore = 0): Suggestion[] {
  if (!Number.isFinite(minScore) || minScore < 0 || minScore > 1)
    throw userError('BAD_USER_INPUT', `minScore must be from 0 to 1, got ${minScore}`);
  const text = sourceText(dir, source);
  const rejected = new Set(readRejections(dir, source).map((rejection) => rejection.id));
  return suggest(text, lexiconDataFor(dir)).filter((s) => s.score >= minScore && !rejected.has(s.id));
}

/** Rejections are written one at a time, so that two never read the same file and lose one. */
let tail: Promise<unknown> = Promise.resolve();

/** Remembers that a curator rejected suggestion `id` of `source`: it is not offered again. */
export function rejectSuggestion(
  dir: string,
  source: string,
  id: string,
  by: string,
  reason?: string | null,
): Promise<Rejection> {
  if (id.length > 400) throw userError('BAD_USER_INPUT', 'a suggestion id is at most 400 characters');
  if (reason && reason.length > 2000)
    throw userError('BAD_USER_INPUT', 'a reason is at most 2,000 characters');
  const run = tail.then(() => {
    const rejections = readRejections(dir, source);
    if (rejections.some((rejection) => rejection.id === id))
      throw userError('CONFLICT', `suggestion ${JSON.stringify(id)} of ${source} is rejected already`);
    const suggestion = suggest(sourceText(dir, source), lexiconDataFor(dir)).find((s) => s.id === id);
    if (!suggestion)
      throw userError('NOT_FOUND', `source ${source} has no suggestion ${JSON.stringify(id.slice(0, 80))}`);
    const rejection: Rejection = {
      id,
      kind: suggestion.kind,
      text: suggestion.text,
      entity: suggestion.entity,
      by,
      at: new Date().toISOString(),
      ...(reason?.trim() ? { reason: reason.trim() } : {}),
    };
    writeRejection(dir, source, rejection);
    return rejection;
  });
  tail = run.catch(() => undefined);
  return run;
}
