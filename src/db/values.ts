import { isDate, isDateTime, isDuration, isInt, isLocalDateTime, isLocalTime, isTime } from 'neo4j-driver';
import { stringBytes } from './budget.ts';

/**
 * Converts a value read from Neo4j into plain JSON: Integers to numbers (strings past 2^53),
 * temporals to ISO strings, nodes and relationships are not expected here (queries return maps).
 */
export function toPlain(value: unknown): unknown {
  return convert(value, { maps: 0, bytes: 0 });
}

interface Counter {
  maps: number;
  bytes: number;
}

/**
 * Plain rows from a result's records, and how many records they hold, found in the same walk: each
 * row and each map in it at any depth (an entity's or relationship's properties, a citation), which
 * is what an operation's row budget counts; and the bytes of their strings, which its byte budget
 * counts.
 */
export function plainRows(records: ReadonlyArray<{ toObject(): object }>): {
  rows: Array<Record<string, unknown>>;
  count: number;
  bytes: number;
} {
  const counter = { maps: 0, bytes: 0 };
  const rows = records.map((record) => convert(record.toObject(), counter) as Record<string, unknown>);
  return { rows, count: counter.maps, bytes: counter.bytes };
}

// Strings and numbers are most of what a row holds: they return at the first test. Maps from the
// driver are plain objects, told apart from Integers and temporals by their prototype.
function convert(value: unknown, counter: Counter): unknown {
  if (typeof value === 'string') {
    counter.bytes += stringBytes(value);
    return value;
  }
  if (typeof value !== 'object') return value === undefined ? null : value;
  if (value === null) return null;
  if (Array.isArray(value)) return value.map((item) => convert(item, counter));
  if (Object.getPrototypeOf(value) !== Object.prototype) {
    if (isInt(value)) return value.inSafeRange() ? value.toNumber() : value.toString();
    if (
      isDate(value) ||
      isDateTime(value) ||
      isLocalDateTime(value) ||
      isTime(value) ||
      isLocalTime(value) ||
      isDuration(value)
    ) {
      return value.toString();
    }
  }
  counter.maps += 1;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = convert((value as Record<string, unknown>)[key], counter);
  return out;
}
