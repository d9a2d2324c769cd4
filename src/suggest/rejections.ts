import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

/**
 * Suggestions a curator rejected, one reviewable file per source (data/suggestions/ID.rejected.yaml),
 * so that git shows what was turned down and by whom. A source's text never changes, so a
 * suggestion's id (kind, offsets, entity) names it for good.
 */
export interface Rejection {
  id: string;
  kind: string;
  text: string;
  entity: string;
  by: string;
  at: string;
  reason?: string;
}

export const rejectionsFile = (dir: string, source: string) =>
  join(dir, 'suggestions', `${source}.rejected.yaml`);

const header = (source: string) =>
  `# Suggestions rejected for source ${source}: kb:suggest and Source.suggestions no longer offer them.\n# Remove an entry to have it offered again.\n`;

export function readRejections(dir: string, source: string): Rejection[] {
  const file = rejectionsFile(dir, source);
  if (!existsSync(file)) return [];
  const parsed: unknown = parse(readFileSync(file, 'utf8')) ?? [];
  if (!Array.isArray(parsed) || !parsed.every((item) => typeof item?.id === 'string'))
    throw new Error(`${file} must be a list of rejections, each with an id`);
  return parsed as Rejection[];
}

/** Adds one, written to a temporary file renamed into place: a reader never sees half a file. */
export function writeRejection(dir: string, source: string, rejection: Rejection): void {
  const file = rejectionsFile(dir, source);
  const list = [...readRejections(dir, source), rejection];
  mkdirSync(join(dir, 'suggestions'), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, header(source) + stringify(list, { lineWidth: 0 }));
  renameSync(temp, file);
}
