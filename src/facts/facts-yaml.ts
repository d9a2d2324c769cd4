import { Document, isMap, isSeq, parse, type ToStringOptions, visit, YAMLParseError } from 'yaml';

/** Text per parse: the parser's syntax tree costs about 18 times the text it covers. */
const BATCH_CHARS = 64 * 1024;
const blankLine = /^[ \t]*(#.*)?\r?$/;
/** `key:` with its value (a block list) on the next lines. */
const blockKeyLine = /^([A-Za-z_][A-Za-z0-9_-]*):([ \t]+#.*)?\r?$/;
/** `key: value` on one line (or starting there, like a block scalar). */
const inlineKeyLine = /^([A-Za-z_][A-Za-z0-9_-]*):[ \t]+[^ \t#\r]/;

interface Chunk {
  key: string;
  start: number;
  end: number;
  /** 1-based line of `start` in the whole text. */
  line: number;
  /** Items of the block list under `key`, parsed as a list. Otherwise `key: value`. */
  items: boolean;
  /** A later batch of the same list. */
  continues: boolean;
}

/**
 * Parses a facts file as `yaml`'s `parse` does, but each top-level list a batch of items at a
 * time, so that only one batch's syntax tree is alive: parsed whole, a 50 MB file needs 1.4 GB.
 * A batch starts at a `- ` line at the list's indentation, which YAML always reads as a new item.
 * Anything unusual at the top level (directives, several documents, flow or quoted keys, a key
 * given twice, an alias to an anchor in another batch) is parsed whole, exactly as before.
 */
export function parseFactsYaml(text: string): unknown {
  const chunks = splitTopLevel(text);
  if (!chunks) return parse(text);
  const doc = new Map<string, unknown>();
  for (const chunk of chunks) {
    let value: unknown;
    try {
      // A slice shares the text's memory, and so do the strings parsed from it.
      const parsed: unknown = parse(text.slice(chunk.start, chunk.end));
      value = chunk.items ? parsed : (parsed as Record<string, unknown>)[chunk.key];
    } catch (error) {
      if (error instanceof YAMLParseError) throw shiftLines(error, chunk.line - 1);
      return parse(text); // e.g. an alias to an anchor in an earlier batch
    }
    const list = doc.get(chunk.key);
    if (chunk.continues && Array.isArray(list) && Array.isArray(value)) {
      for (const item of value) list.push(item);
    } else if (doc.has(chunk.key) || chunk.continues) {
      return parse(text); // a key given twice: let `yaml` say so
    } else {
      doc.set(chunk.key, value);
    }
  }
  return Object.fromEntries(doc);
}

/** Top-level `key:` sections, block lists cut into batches; undefined when the layout is unusual. */
export function splitTopLevel(text: string): Chunk[] | undefined {
  const chunks: Chunk[] = [];
  let open: Chunk | undefined;
  /** Indentation of the open list's items, once its first item is seen. */
  let indent: number | undefined;
  for (let at = 0, line = 1; at < text.length; line++) {
    const newline = text.indexOf('\n', at);
    const end = newline === -1 ? text.length : newline + 1;
    const content = text.slice(at, newline === -1 ? end : newline);
    if (blankLine.test(content)) {
      // A blank line or a comment stays with what is open.
    } else if (content[0] !== ' ' && content[0] !== '-') {
      const block = blockKeyLine.exec(content);
      const key = block?.[1] ?? inlineKeyLine.exec(content)?.[1];
      if (!key || key === '__proto__') return undefined;
      if (open) chunks.push(open);
      open = block
        ? { key, start: end, end, line: line + 1, items: true, continues: false }
        : { key, start: at, end, line, items: false, continues: false };
      indent = undefined;
    } else if (!open) {
      return undefined;
    } else if (open.items) {
      const lineIndent = content.search(/[^ ]/);
      const item = isItemStart(content, lineIndent);
      if (indent === undefined) {
        if (!item) return undefined; // not a block list
        indent = lineIndent;
      } else if (lineIndent < indent) {
        return undefined;
      } else if (lineIndent === indent && item && at - open.start >= BATCH_CHARS) {
        chunks.push(open);
        open = { key: open.key, start: at, end, line, items: true, continues: true };
      }
    }
    if (open) open.end = end;
    at = end;
  }
  if (open) chunks.push(open);
  return chunks.length ? chunks : undefined;
}

function isItemStart(content: string, indent: number): boolean {
  const after = content[indent + 1];
  return content[indent] === '-' && (after === undefined || after === ' ' || after === '\r');
}

/** Makes an error in a batch name the line in the whole file. */
function shiftLines(error: YAMLParseError, by: number): YAMLParseError {
  const [first] = error.linePos ?? [];
  if (first) {
    const was = ` at line ${first.line}, column ${first.col}`;
    error.message = error.message.replace(was, ` at line ${first.line + by}, column ${first.col}`);
  }
  for (const pos of error.linePos ?? []) pos.line += by;
  return error;
}

/**
 * What a YAML 1.1 reader (PyYAML, most tools outside JavaScript) chokes on or reads as something
 * else unless it is escaped in double quotes: tabs, which end a plain scalar; control characters,
 * DEL and the C1 controls (NEL is a line break there), the line and paragraph separators, the BOM,
 * noncharacters and lone surrogates, which it refuses or turns into line breaks.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds
const awkward = /[\t\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]|\p{Cs}/u;
/** Those of them `yaml` leaves as they are in a double-quoted string (it escapes the rest as JSON does). */
const unescaped = /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/gu;

/** Whether a string must be double-quoted for a YAML 1.1 reader to read it back as the same string. */
function mustQuote(text: string): boolean {
  if (awkward.test(text)) return true;
  // Several lines go in a block scalar, a string whatever its words.
  if (text.includes('\n')) return false;
  try {
    // yes, on, 0777, 1_000, 12:30, 2024-07-09: strings to YAML 1.2, not to a 1.1 reader.
    return parse(text, { version: '1.1', logLevel: 'silent' }) !== text;
  } catch {
    return true;
  }
}

/**
 * `value` as YAML that YAML 1.2 and 1.1 readers both read back as it was: what curation and
 * `kb:new` write into data/. Strings that need it are double-quoted and escaped. The items of the
 * lists named in `oneLineItems` are written one a line (an import's pages).
 */
export function stringifyFactsYaml(
  value: unknown,
  options: ToStringOptions = {},
  oneLineItems: readonly string[] = [],
): string {
  const doc = new Document(value);
  for (const key of oneLineItems) {
    const list = doc.get(key, true);
    if (isSeq(list)) for (const item of list.items) if (isMap(item)) item.flow = true;
  }
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && mustQuote(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  // Only double-quoted strings hold these characters now, where an escape means the same to both.
  return (
    doc
      // One line per string: a relation is one line of a flow mapping.
      .toString({ lineWidth: 0, doubleQuotedMinMultiLineLength: Number.POSITIVE_INFINITY, ...options })
      .replace(unescaped, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
  );
}
