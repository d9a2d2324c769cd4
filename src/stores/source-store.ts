import type { OperationBudget } from '../db/budget.ts';
import type { Database, Query } from '../db/database.ts';
import { edgeRecord } from './cypher.ts';
import { decodeCursor, encodeCursor } from './paging.ts';
import { type EdgeRecord, parseEdge } from './records.ts';

/** A quoted span of a source's text and the fact that cites it: an entity or a relationship. */
export interface Span {
  /** The source whose text the offsets are in. */
  source: string;
  start: number;
  end: number;
  quote: string;
  section: string | null;
  entity: string | null;
  relation: EdgeRecord | null;
}

export interface SpanPage {
  nodes: Span[];
  hasNextPage: boolean;
  endCursor: string | null;
  totalCount: number;
}

/**
 * `length` code points of a source's text (as Cypher counts) from `from`, as rows of a piece each
 * and how many code points each holds. The driver decodes a message's strings at once: a whole
 * 7 MB text in one row held the event loop for 50-400 ms; a piece of 256 Ki code points (768 KB
 * of Thai) takes a few, and each is a message of its own.
 */
const piecesOf: Query = {
  name: 'sources.textPieces',
  cypher: `
    MATCH (t:SourceText {source: $source})
    WITH t.text AS text
    WITH text, CASE WHEN $from + $length > size(text) THEN size(text) ELSE $from + $length END AS end
    UNWIND range($from, end - 1, $piece) AS at
    WITH text, end, at WHERE at < end
    WITH substring(text, at, CASE WHEN end - at < $piece THEN end - at ELSE $piece END) AS piece
    RETURN piece, size(piece) AS count`,
};
const piece = 256 * 1024;
/**
 * Code points read a round trip. Neo4j reads the whole property for each, and the byte budget is
 * counted after each: an operation over it stops within 3 MB of Thai of it.
 */
const round = 1024 * 1024;

/**
 * Whether a text has no character beyond U+FFFF: its code points, which Cypher counts, are then its
 * UTF-16 code units, which JavaScript and our offsets count. One linear scan in Neo4j.
 */
const bmpOnly: Query = {
  name: 'sources.textIsBmp',
  cypher: 'MATCH (t:SourceText {source: $source}) RETURN t.text =~ $bmp AS bmp',
};
const bmp = '[^\\x{10000}-\\x{10FFFF}]*';

/** What a source cites, located in its text (offsets written by the loader, src/facts/offsets.ts). */
const spansOf: Query = {
  name: 'sources.spans',
  cypher: `
    MATCH (s:Source {id: $source})
    CALL (s) {
      MATCH (n:Entity)-[c:CITED_IN]->(s)
      WHERE c.start IS NOT NULL AND c.mention IS NULL
      RETURN collect({start: c.start, end: c.end, quote: c.quote, section: c.section, entity: n.id}) AS entities
    }
    CALL (s) {
      MATCH (s)<-[:CITED_IN]-(:Entity)-[r]->(:Entity)
      WHERE s.id IN r.sources
      RETURN collect(${edgeRecord('r')}) AS relations
    }
    RETURN entities, relations`,
};

type Cursor = [number, number, string];
const isCursor = (value: unknown): value is Cursor =>
  Array.isArray(value) &&
  value.length === 3 &&
  typeof value[0] === 'number' &&
  typeof value[1] === 'number' &&
  typeof value[2] === 'string';

const keyOf = (span: Span) => span.entity ?? span.relation?.id ?? '';

/** In reading order: by start, the longer span first, then by what it cites. */
function bySpan(a: Span, b: Span): number {
  return a.start - b.start || b.end - a.end || keyOf(a).localeCompare(keyOf(b));
}

/** A source's text and the spans its facts quote. */
export class SourceStore {
  constructor(
    private readonly db: Database,
    private readonly budget: OperationBudget,
  ) {}

  /** `length` UTF-16 code units of the text from `from` (to its end without `length`). */
  async text(source: string, from = 0, length: number | null = null): Promise<string> {
    if (from === 0 && length === null) return this.codePoints(source, 0, null);
    const [row] = await this.db.read(bmpOnly, { source, bmp }, this.budget);
    if (row?.bmp) return this.codePoints(source, from, length);
    // Past a character beyond U+FFFF the two counts differ: the whole text is cut here.
    const text = await this.codePoints(source, 0, null);
    return text.slice(from, length === null ? undefined : from + length);
  }

  /** `length` code points from `from` (to the end when null), a round of pieces per round trip. */
  private async codePoints(source: string, from: number, length: number | null): Promise<string> {
    const pieces: string[] = [];
    let at = from;
    let left = length ?? Number.POSITIVE_INFINITY;
    while (left > 0) {
      const asked = Math.min(round, left);
      const rows = await this.db.read(piecesOf, { source, from: at, length: asked, piece }, this.budget);
      let read = 0;
      for (const row of rows) {
        pieces.push(row.piece as string);
        read += row.count as number;
      }
      if (read < asked) break;
      at += read;
      left -= read;
    }
    return pieces.join('');
  }

  /** Every located quote of the source, a page at a time in reading order. */
  async spans(source: string, first: number, after: string | null | undefined): Promise<SpanPage> {
    const from = decodeCursor(after, isCursor);
    const [row] = await this.db.read(spansOf, { source }, this.budget);
    const spans: Span[] = ((row?.entities ?? []) as Array<Record<string, unknown>>).map((entity) => ({
      source,
      start: entity.start as number,
      end: entity.end as number,
      quote: entity.quote as string,
      section: (entity.section as string | null) ?? null,
      entity: entity.entity as string,
      relation: null,
    }));
    for (const value of (row?.relations ?? []) as unknown[]) {
      const relation = parseEdge(value);
      const index = ((relation.props.sources as string[]) ?? []).indexOf(source);
      const claim = JSON.parse(((relation.props.claims as string[]) ?? [])[index] ?? '{}') as Record<
        string,
        unknown
      >;
      if (typeof claim.start !== 'number' || typeof claim.end !== 'number') continue;
      spans.push({
        source,
        start: claim.start,
        end: claim.end,
        quote: String(claim.quote ?? ''),
        section: (claim.section as string | undefined) ?? null,
        entity: null,
        relation,
      });
    }
    spans.sort(bySpan);
    const rest = from
      ? spans.filter((span) => bySpan(span, { start: from[0], end: from[1], entity: from[2] } as Span) > 0)
      : spans;
    const nodes = rest.slice(0, first);
    const last = nodes.at(-1);
    return {
      nodes,
      hasNextPage: rest.length > first,
      endCursor: last ? encodeCursor([last.start, last.end, keyOf(last)]) : null,
      totalCount: spans.length,
    };
  }
}
