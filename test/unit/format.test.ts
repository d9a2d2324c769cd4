import { describe, expect, it } from 'vitest';
import { formatDateRange } from '../../web/src/format.ts';

describe('dates at their precision', () => {
  it('writes a year, a quarter or a month when that is all that is known', () => {
    expect(formatDateRange('2024-01-01', null, 'year')).toBe('2024');
    expect(formatDateRange('2024-10-01', null, 'quarter')).toBe('Q4 2024');
    expect(formatDateRange('2024-03-01', null, 'month')).toBe('March 2024');
  });

  it('writes spans of days as people do', () => {
    expect(formatDateRange('2024-03-12', '2024-03-13', 'day')).toBe('12–13 March 2024');
    expect(formatDateRange('2024-03-30', '2024-04-02')).toBe('30 March – 2 April 2024');
    expect(formatDateRange('2024-12-30', '2025-01-02')).toBe('30 December 2024 – 2 January 2025');
    expect(formatDateRange('2024-07-09', '2024-07-09')).toBe('9 July 2024');
    expect(formatDateRange('not a date')).toBe('not a date');
  });
});
