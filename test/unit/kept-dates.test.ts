import { describe, expect, it } from 'vitest';
import { lastChange } from '../../src/loader/kept-dates.ts';
import type { ClaimSet } from '../../src/model/claims.ts';

/** A claim set of `source`, dated `sourceDate`, saying `props`. */
const set = (source: string, sourceDate: string, props: Record<string, unknown>): ClaimSet => ({
  source,
  sourceDate,
  section: '1',
  quote: `${source} says so`,
  props,
  ranks: {},
});

describe('lastChange: the last day the values shown changed', () => {
  it('is the first source when later ones restate its values', () => {
    const sets = [set('a', '2024-01-02', { name: 'X' }), set('b', '2024-03-01', { name: 'X' })];
    expect(lastChange(sets)).toBe('2024-01-02');
  });

  it('is the later source that says otherwise, or adds a value', () => {
    expect(lastChange([set('a', '2024-01-02', { name: 'X' }), set('b', '2024-03-01', { name: 'Y' })])).toBe(
      '2024-03-01',
    );
    expect(
      lastChange([set('a', '2024-01-02', { name: 'X' }), set('b', '2024-03-01', { name: 'X', city: 'Z' })]),
    ).toBe('2024-03-01');
  });

  it('does not depend on the order the sets come in, and is null without claims', () => {
    const sets = [
      set('c', '2024-05-01', { name: 'Y' }),
      set('a', '2024-01-02', { name: 'X' }),
      set('b', '2024-03-01', { name: 'Y' }),
    ];
    expect(lastChange(sets)).toBe('2024-03-01');
    expect(lastChange([])).toBeNull();
  });
});
