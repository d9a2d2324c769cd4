import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/analytics/graph-metrics.ts';
import { lastChange } from '../../src/loader/last-change.ts';
import { AmountHistory, amountsOn } from '../../src/model/amount-history.ts';
import { type ClaimSet, type Rank, resolveClaims } from '../../src/model/claims.ts';
import { toCents } from '../../src/model/stored.ts';

/** Random claim sets on the summed values, with ranks, asOf and several sources on one date. */
function randomSets(rand: () => number, count: number): ClaimSet[] {
  const any = <T>(items: T[]) => items[Math.floor(rand() * items.length)] as T;
  const choices: Array<[string, () => unknown]> = [
    ['amount', () => any(['10.00', '20.50', '76300.00'])],
    ['currency', () => any(['USD', 'EUR'])],
    ['year', () => any([2024, 2025])],
    ['name', () => any(['X', 'Y'])],
  ];
  return Array.from({ length: count }, (_, index) => {
    const props: Record<string, unknown> = {};
    const ranks: Record<string, Rank> = {};
    for (const [key, value] of choices) {
      if (rand() < 0.4) continue;
      props[key] = value();
      if (rand() < 0.15) ranks[key] = any(['preferred', 'deprecated', 'normal'] as Rank[]);
    }
    const sourceDate = `2024-0${1 + Math.floor(rand() * 5)}-10`;
    const asOf = rand() < 0.2 ? '2024-01-01' : undefined;
    return {
      source: `s${index}`,
      sourceDate,
      section: '1',
      quote: 'q',
      props,
      ranks,
      ...(asOf ? { asOf } : {}),
    };
  });
}

/** The summed values resolveClaims gives from the sets known on `day`, as amountsOn gives them. */
function resolvedOn(sets: ClaimSet[], day: string) {
  const { amount, currency, year } = resolveClaims(sets.filter((set) => set.sourceDate <= day)).props;
  return {
    amountCents: typeof amount === 'string' ? toCents(amount) : null,
    currency: typeof currency === 'string' ? currency : null,
    year: typeof year === 'number' ? year : null,
  };
}

describe('the amounts kept for money as of a day', () => {
  it('give on every day what resolving the claims known then gives', () => {
    const rand = seededRandom(38);
    let changing = 0;
    for (let round = 0; round < 300; round++) {
      const sets = randomSets(rand, 1 + Math.floor(rand() * 8));
      const history = new AmountHistory();
      lastChange(sets, (date, resolved) => history.add(date, resolved));
      const kept = history.kept();
      const none = { amountCents: null, currency: null, year: null };
      if (kept && (JSON.parse(kept) as unknown[]).length > 1) changing++;
      for (const day of ['2023-12-31', '2024-01-10', '2024-02-15', '2024-03-10', '2024-05-10', '2024-06-01'])
        expect(kept ? amountsOn(kept, day) : none, `${day} ${JSON.stringify(sets)}`).toEqual(
          resolvedOn(sets, day),
        );
    }
    expect(changing).toBeGreaterThan(50);
  });

  it('keep one step per change, none for a restatement', () => {
    const set = (source: string, sourceDate: string, amount: string): ClaimSet => ({
      source,
      sourceDate,
      section: '1',
      quote: 'q',
      props: { amount, currency: 'USD' },
      ranks: {},
    });
    const history = new AmountHistory();
    const sets = [
      set('a', '2024-01-02', '1.00'),
      set('b', '2024-02-01', '1.00'),
      set('c', '2024-03-01', '2.5'),
    ];
    lastChange(sets, (date, resolved) => history.add(date, resolved));
    expect(JSON.parse(history.kept() as string)).toEqual([
      ['2024-01-02', 100, 'USD', null],
      ['2024-03-01', 250, 'USD', null],
    ]);
    expect(amountsOn(history.kept() as string, '2024-01-01')).toEqual({
      amountCents: null,
      currency: null,
      year: null,
    });
  });

  it('are not read from what is not a history (the project is then re-resolved from its claims)', () => {
    for (const kept of [
      undefined,
      42,
      'not JSON',
      '{"a": 1}',
      '[["2024-01-02", "100", "USD", null]]',
      '[[1]]',
    ]) {
      expect(amountsOn(kept, '2024-06-01'), String(kept)).toBeNull();
    }
    expect(amountsOn('[["2024-01-02", 100, null, 2024]]', '2024-06-01')).toEqual({
      amountCents: 100,
      currency: null,
      year: 2024,
    });
  });
});
