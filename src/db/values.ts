import { isDate, isDateTime, isDuration, isInt, isLocalDateTime, isLocalTime, isTime } from 'neo4j-driver';

/**
 * Converts a value read from Neo4j into plain JSON: Integers to numbers (strings past 2^53),
 * temporals to ISO strings, nodes and relationships are not expected here (queries return maps).
 */
export function toPlain(value: unknown): unknown {
  return convert(value, { nested: 0 });
}

/**
 * Plain rows from a result's records, and how many records they hold: each row and each object in
 * a list at any depth (what an operation's row budget counts), found in the same walk.
 */
export function plainRows(records: ReadonlyArray<{ toObject(): object }>): {
  rows: Array<Record<string, unknown>>;
  count: number;
} {
  const counter = { nested: 0 };
  const rows = records.map((record) => convert(record.toObject(), counter) as Record<string, unknown>);
  return { rows, count: rows.length + counter.nested };
}

// Strings and numbers are most of what a row holds: they return at the first test. Maps from the
// driver are plain objects, told apart from Integers and temporals by their prototype.
function convert(value: unknown, counter: { nested: number }): unknown {
  if (typeof value !== 'object') return value === undefined ? null : value;
  if (value === null) return null;
  if (Array.isArray(value)) {
    return value.map((item) => {
      const plain = convert(item, counter);
      if (typeof plain === 'object' && plain !== null) counter.nested += 1;
      return plain;
    });
  }
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
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = convert((value as Record<string, unknown>)[key], counter);
  return out;
}
