import { createHash } from 'node:crypto';
import { isMap, isSeq, parseDocument } from 'yaml';
import { stringifyFactsYaml } from '../kb/facts-yaml.ts';
import type { RelationType } from '../kb/ontology.ts';
import { relationIdOf } from '../kb/validate.ts';

/**
 * Edits a facts file as text, so that everything else in it (comments, spacing, quoting, order)
 * stays as it was: a relation added shows in `git diff` as the line it added, and retracting it
 * removes exactly that line again.
 */

/** One item of a top-level list, as the whole lines it occupies. */
export interface FactLines {
  /** The entity id, or the relation id (relationIdOf). */
  id: string;
  start: number;
  end: number;
  text: string;
  /** A hash of the item's text: a write that names an older version is refused. */
  version: string;
}

export type FactList = 'entities' | 'relations';

export const versionOf = (lines: string) => createHash('sha256').update(lines).digest('hex').slice(0, 12);

const lineStart = (text: string, at: number) => text.lastIndexOf('\n', at - 1) + 1;
function lineEnd(text: string, at: number): number {
  const newline = text.indexOf('\n', at);
  return newline === -1 ? text.length : newline + 1;
}

function listOf(text: string, list: FactList) {
  const doc = parseDocument(text);
  if (doc.errors.length) throw new Error(`the facts file is not valid YAML: ${doc.errors[0]?.message}`);
  const node = doc.get(list, true);
  if (!isSeq(node) || !node.range) throw new Error(`the facts file has no ${list} list`);
  return node;
}

function idOf(list: FactList, item: Record<string, unknown>): string {
  if (list === 'entities') return String(item.id);
  const { type, from, to, key, section: _s, quote: _q, rank: _r, ...qualifiers } = item;
  const ends = { type: String(type) as RelationType, from: String(from), to: String(to), qualifiers };
  return relationIdOf(key === undefined ? ends : { ...ends, key: String(key) });
}

/** Every item of `list`, with its lines. */
export function factLines(text: string, list: FactList): FactLines[] {
  return listOf(text, list).items.flatMap((item) => {
    if (!isMap(item) || !item.range) return [];
    const start = lineStart(text, item.range[0]);
    const end = lineEnd(text, item.range[1] - 1);
    const lines = text.slice(start, end);
    const id = idOf(list, item.toJSON() as Record<string, unknown>);
    return [{ id, start, end, text: lines, version: versionOf(lines) }];
  });
}

/** A relation as the one line the hand-written files use. */
export function relationLine(relation: Record<string, unknown>, indent = '  '): string {
  const flow = stringifyFactsYaml(relation, { collectionStyle: 'flow', flowCollectionPadding: false });
  return `${indent}- ${flow.trimEnd()}\n`;
}

/** An entity as a block mapping, one property a line. */
export function entityLines(entity: Record<string, unknown>, indent = '  '): string {
  const block = stringifyFactsYaml([entity], { flowCollectionPadding: false });
  return block
    .trimEnd()
    .split('\n')
    .map((line) => `${indent}${line}\n`)
    .join('');
}

/** The indentation the list's items use, from its first item; two spaces if it has none. */
function indentOf(text: string, items: FactLines[]): string {
  const first = items[0];
  if (!first) return '  ';
  return /^( *)-/.exec(text.slice(first.start))?.[1] ?? '  ';
}

/**
 * Inserts `lines` (built by `build` with the list's indentation) after the item `after`, or at
 * the end of the list. An empty flow list (`relations: []`) becomes a block list.
 */
export function insertFact(
  text: string,
  list: FactList,
  build: (indent: string) => string,
  after?: string,
): { text: string; lines: string; version: string } {
  const seq = listOf(text, list);
  const items = factLines(text, list);
  const lines = build(indentOf(text, items));
  const version = versionOf(lines);
  if (seq.flow) {
    if (items.length || !seq.range)
      throw new Error(`${list} is a flow list; write it as a block list to edit it`);
    const [start, , end] = seq.range as [number, number, number];
    return {
      text: `${text.slice(0, start).trimEnd()}\n${lines}${text.slice(lineEnd(text, end - 1))}`,
      lines,
      version,
    };
  }
  const anchor = (after && items.find((item) => item.id === after)) || items.at(-1);
  const at = anchor ? anchor.end : lineEnd(text, (seq.range as [number, number, number])[0]);
  const before = text.slice(0, at);
  return { text: `${before}${before.endsWith('\n') ? '' : '\n'}${lines}${text.slice(at)}`, lines, version };
}

/**
 * Removes an item's lines. The list's last item leaves `key: []` behind, as a file scaffolded
 * empty had it, so an add then a retract gives back the same bytes.
 */
export function removeFact(text: string, list: FactList, item: FactLines): string {
  const rest = `${text.slice(0, item.start)}${text.slice(item.end)}`;
  if (factLines(text, list).length > 1) return rest;
  const key = new RegExp(`^${list}:[ \\t]*\\r?\\n`, 'm');
  return rest.replace(key, `${list}: []\n`);
}

/** Replaces an item's lines with others. */
export function replaceFact(text: string, item: FactLines, lines: string): string {
  return `${text.slice(0, item.start)}${lines}${text.slice(item.end)}`;
}
