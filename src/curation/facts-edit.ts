import { createHash } from 'node:crypto';
import { isMap, isSeq, parseDocument } from 'yaml';
import { splitTopLevel, stringifyFactsYaml } from '../facts/facts-yaml.ts';
import { relationIdOf } from '../facts/values.ts';
import type { RelationType } from '../model/ontology.ts';

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

/** A top-level list: whether it is written in flow style, where it is, and its items with their offsets. */
interface ListOf {
  flow: boolean;
  range: [number, number, number];
  items: Array<{ node: unknown; offset: number }>;
}

/**
 * Finds `list` in a facts file. A block list is parsed a batch of items at a time, as the
 * validator reads it (src/facts/facts-yaml.ts): a syntax tree of a whole large file costs seconds.
 * Anything unusual is parsed whole.
 */
function listOf(text: string, list: FactList): ListOf {
  const chunks = splitTopLevel(text)?.filter((chunk) => chunk.key === list);
  const batches = chunks?.every((chunk, index) => chunk.items && chunk.continues === index > 0)
    ? chunks
    : undefined;
  const items: ListOf['items'] = [];
  for (const chunk of batches ?? []) {
    const doc = parseDocument(text.slice(chunk.start, chunk.end));
    if (doc.errors.length || !isSeq(doc.contents)) return wholeListOf(text, list);
    for (const node of doc.contents.items) items.push({ node, offset: chunk.start });
  }
  const first = batches?.[0];
  const last = batches?.at(-1);
  if (!first || !last) return wholeListOf(text, list);
  // The key's line ends where the first batch starts.
  return { flow: false, range: [first.start - 1, last.end, last.end], items };
}

function wholeListOf(text: string, list: FactList): ListOf {
  const doc = parseDocument(text);
  if (doc.errors.length) throw new Error(`the facts file is not valid YAML: ${doc.errors[0]?.message}`);
  const node = doc.get(list, true);
  if (!isSeq(node) || !node.range) throw new Error(`the facts file has no ${list} list`);
  return {
    flow: Boolean(node.flow),
    range: node.range,
    items: node.items.map((item) => ({ node: item, offset: 0 })),
  };
}

function idOf(list: FactList, item: Record<string, unknown>): string {
  if (list === 'entities') return String(item.id);
  const { type, from, to, key, section: _s, quote: _q, rank: _r, ...qualifiers } = item;
  const ends = { type: String(type) as RelationType, from: String(from), to: String(to), qualifiers };
  return relationIdOf(key === undefined ? ends : { ...ends, key: String(key) });
}

/** Every item of `list`, with its lines. */
export function factLines(text: string, list: FactList, found = listOf(text, list)): FactLines[] {
  return found.items.flatMap(({ node: item, offset }) => {
    if (!isMap(item) || !item.range) return [];
    const start = lineStart(text, offset + item.range[0]);
    const end = lineEnd(text, offset + item.range[1] - 1);
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
  const items = factLines(text, list, seq);
  const lines = build(indentOf(text, items));
  const version = versionOf(lines);
  if (seq.flow) {
    if (items.length || !seq.range)
      throw new Error(`${list} is a flow list; write it as a block list to edit it`);
    const [start, , end] = seq.range;
    return {
      text: `${text.slice(0, start).trimEnd()}\n${lines}${text.slice(lineEnd(text, end - 1))}`,
      lines,
      version,
    };
  }
  const anchor = (after && items.find((item) => item.id === after)) || items.at(-1);
  const at = anchor ? anchor.end : lineEnd(text, seq.range[0]);
  const before = text.slice(0, at);
  return { text: `${before}${before.endsWith('\n') ? '' : '\n'}${lines}${text.slice(at)}`, lines, version };
}

/**
 * Removes an item's lines; `count` is how many items the list has. The list's last item leaves `key: []` behind, as a file scaffolded
 * empty had it, so an add then a retract gives back the same bytes.
 */
export function removeFact(text: string, list: FactList, item: FactLines, count: number): string {
  const rest = `${text.slice(0, item.start)}${text.slice(item.end)}`;
  if (count > 1) return rest;
  const key = new RegExp(`^${list}:[ \\t]*\\r?\\n`, 'm');
  return rest.replace(key, `${list}: []\n`);
}

/** Replaces an item's lines with others. */
export function replaceFact(text: string, item: FactLines, lines: string): string {
  return `${text.slice(0, item.start)}${lines}${text.slice(item.end)}`;
}
