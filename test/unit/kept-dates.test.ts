import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/analytics/graph-metrics.ts';
import { lastChange, Resolution } from '../../src/loader/last-change.ts';
import { type ClaimSet, type Rank, resolveClaims } from '../../src/model/claims.ts';

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

/** The rule as first written: every date's sets resolved afresh (quadratic in the sources). */
function lastChangeAfresh(sets: ClaimSet[]): string | null {
  const dates = [...new Set(sets.map((s) => s.sourceDate))].sort();
  let last: string | null = null;
  let before = '';
  for (const date of dates) {
    const now = JSON.stringify(resolveClaims(sets.filter((s) => s.sourceDate <= date)));
    if (now !== before) last = date;
    before = now;
  }
  return last;
}

/**
 * Random claim sets that exercise every rule: names and aliases from several sources, values that
 * conflict, ranks, asOf, meetings planned then held (settled events), properties in any order,
 * several sources on one date.
 */
function randomSets(rand: () => number, count: number): ClaimSet[] {
  const any = <T>(items: T[]) => items[Math.floor(rand() * items.length)] as T;
  const day = () => `2024-0${1 + Math.floor(rand() * 6)}-1${Math.floor(rand() * 3)}`;
  const choices: Array<[string, () => unknown]> = [
    ['name', () => any(['X', 'Y', 'Z'])],
    ['nameTh', () => any(['เอ็กซ์', 'วาย'])],
    ['aliases', () => [any(['X', 'A', 'B']), any(['B', 'C', 'Y'])]],
    ['description', () => any(['one', 'two'])],
    ['amount', () => any(['10.00', '20.00'])],
    ['status', () => any(['planned', 'proposed', 'held', 'cancelled', 'postponed'])],
    ['startDate', () => day()],
    ['date', () => day()],
  ];
  return Array.from({ length: count }, (_, index) => {
    const props: Record<string, unknown> = {};
    const ranks: Record<string, Rank> = {};
    for (const [key, value] of [...choices].sort(() => rand() - 0.5)) {
      if (rand() < 0.5) continue;
      props[key] = value();
      if (rand() < 0.15) ranks[key] = any(['preferred', 'deprecated', 'normal'] as Rank[]);
    }
    const sourceDate = day();
    const asOf = rand() < 0.2 ? `2024-0${1 + Math.floor(rand() * 6)}-01` : undefined;
    return {
      ...set(`s${index}`, sourceDate, props),
      ranks,
      ...(asOf && asOf <= sourceDate ? { asOf } : {}),
    };
  });
}

describe('lastChange resolves date by date, each on the ones before', () => {
  it('answers as resolving every date afresh did, and each date resolves as resolveClaims does', () => {
    const rand = seededRandom(7);
    let changedLater = 0;
    for (let round = 0; round < 400; round++) {
      const sets = randomSets(rand, 1 + Math.floor(rand() * 12));
      expect(lastChange(sets), JSON.stringify(sets)).toBe(lastChangeAfresh(sets));
      const dates = [...new Set(sets.map((s) => s.sourceDate))].sort();
      const resolution = new Resolution();
      for (const date of dates) {
        const now = resolution.add(sets.filter((s) => s.sourceDate === date));
        expect(JSON.stringify(now)).toBe(
          JSON.stringify(resolveClaims(sets.filter((s) => s.sourceDate <= date))),
        );
      }
      if (lastChange(sets) !== dates[0]) changedLater++;
    }
    // The sets vary enough that the answer is often not simply the first date.
    expect(changedLater).toBeGreaterThan(100);
  });

  it('gives the same answer for an entity many sources cite', () => {
    const rand = seededRandom(11);
    const sets = Array.from({ length: 600 }, (_, i) =>
      set(`s${String(i).padStart(3, '0')}`, `20${10 + (i % 15)}-0${1 + (i % 9)}-1${i % 10}`, {
        name: 'Thailand',
        aliases: ['TH', rand() < 0.01 ? 'Siam' : 'Kingdom of Thailand'],
        ...(i === 377 ? { population: '66000000' } : {}),
      }),
    );
    expect(lastChange(sets)).toBe(lastChangeAfresh(sets));
  });
});
