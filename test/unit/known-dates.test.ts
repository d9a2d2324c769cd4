import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { KnownDates } from '../../src/stores/known-dates.ts';

/** A database that answers the newest-date query with `row`, counting the reads. */
function fakeDb(row: Record<string, unknown>) {
  const db = { reads: 0, row, read: async () => [] as unknown[] };
  db.read = async () => {
    db.reads += 1;
    return [db.row];
  };
  return db;
}

const dated = { newest: '2024-09-01', undated: 0 };

describe('the newest date the graph knows', () => {
  it('is the newest source date; a day before it reads as of the day', async () => {
    const db = fakeDb(dated);
    const known = new KnownDates(db as unknown as Database, 60_000);
    expect(await known.allKnownBy('2024-09-01')).toBe(true);
    expect(await known.allKnownBy('2024-08-31')).toBe(false);
    expect(db.reads).toBe(1);
  });

  it('is read again after a change, and never kept with a max age of 0', async () => {
    const db = fakeDb(dated);
    const known = new KnownDates(db as unknown as Database, 60_000);
    await known.allKnownBy('2024-09-01');
    db.row = { ...dated, newest: '2024-10-01' };
    known.forget();
    expect(await known.allKnownBy('2024-09-01')).toBe(false);
    expect(db.reads).toBe(2);
    const never = new KnownDates(db as unknown as Database, 0);
    expect(await never.allKnownBy('2030-01-01')).toBe(false);
    expect(db.reads).toBe(2);
  });

  it('knows no newest date while an entity or relationship has no date', async () => {
    const known = new KnownDates(fakeDb({ ...dated, undated: 1 }) as unknown as Database, 60_000);
    expect(await known.allKnownBy('2030-01-01')).toBe(false);
  });
});
