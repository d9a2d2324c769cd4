import { LRUCache } from 'lru-cache';
import { parse } from 'yaml';
import type { AuditEvent } from '../curation/audit-log.ts';
import type { Redacted } from '../curation/audit-view.ts';
import type { ChangeItem, ChangeItemKind } from './change-item.ts';

/**
 * The items of curation writes: one per audit event that wrote a fact. The event is taken as the
 * reader may see it (src/curation/audit-view.ts): a write whose fact is hidden from the reader (a
 * retraction, for a reader who may not curate) yields no item, and its lines are never read. A new
 * source (createSource, or its undo) states no claim yet and yields none either.
 */
type Event = Redacted<AuditEvent> | AuditEvent;

/** Lines parsed before: every feed request reads the whole log, and YAML parsing was most of it. */
const parsedLines = new LRUCache<string, Record<string, unknown>>({ max: 20_000 });

/** The fact's fields from its lines in the facts file (one YAML list item); {} when unreadable. */
function factFields(lines: string | null | undefined): Record<string, unknown> {
  if (!lines) return {};
  let fields = parsedLines.get(lines);
  if (!fields) {
    fields = parseFields(lines);
    parsedLines.set(lines, fields);
  }
  return fields;
}

function parseFields(lines: string): Record<string, unknown> {
  try {
    const parsed = parse(lines) as unknown;
    const first = Array.isArray(parsed) ? parsed[0] : parsed;
    return first && typeof first === 'object' ? (first as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function kindOf(event: Event): ChangeItemKind | null {
  if (event.action === 'createSource') return null;
  if (event.undoes && !event.fact?.includes('#')) return null; // an undone createSource
  if (event.action === 'setRank') return 'ranked';
  if (event.action === 'retractFact') return 'retracted';
  if (event.after === null && event.before !== null) return 'retracted';
  return event.before ? 'changed' : 'added';
}

const text = (value: unknown): string | null =>
  typeof value === 'string' ? value : value == null ? null : String(value);

export function auditItem(event: Event): ChangeItem | null {
  const kind = kindOf(event);
  if (!kind || !event.fact || !event.source) return null;
  const id = event.fact.slice(event.fact.indexOf('#') + 1);
  const fields = factFields(event.after ?? event.before);
  const relation = typeof fields.from === 'string' && typeof fields.to === 'string';
  return {
    id: `audit:${event.id}`,
    kind,
    at: event.at,
    release: null,
    auditEventId: event.id,
    fact: id,
    factKind: relation ? 'relation' : 'entity',
    type: text(fields.type),
    entities: event.entities ?? [],
    source: event.source,
    section: text(fields.section),
    quote: text(fields.quote),
    property: null,
    reason: event.reason ?? null,
  };
}
