import { describe, expect, it } from 'vitest';
import { type DayCount, oneTablePerOperation } from '../../src/stores/day-counts.ts';

/** A table source whose every read comes from a newer graph: one more topic each time. */
function changingSource() {
  let reads = 0;
  const source = {
    table: async (): Promise<DayCount[]> => {
      reads += 1;
      return [{ labels: ['Entity', 'Topic'], day: '2024-01-01', count: reads }];
    },
  };
  return { source, reads: () => reads };
}

describe('day counts in one operation', () => {
  it('are of one table, though the graph changes between two counts', async () => {
    const { source, reads } = changingSource();
    const operation = oneTablePerOperation(source);
    const [counts, totals] = await Promise.all([operation.table(), operation.table()]);
    const later = await operation.table();
    expect(totals).toBe(counts);
    expect(later).toBe(counts);
    expect(reads()).toBe(1);
    // The next operation reads the table again.
    expect(await oneTablePerOperation(source).table()).toEqual([
      { labels: ['Entity', 'Topic'], day: '2024-01-01', count: 2 },
    ]);
  });
});
