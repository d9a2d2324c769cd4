import { describe, expect, it } from 'vitest';
import { certaintyWarnings } from '../../src/model/certainty.ts';
import { asOfProblem, type ClaimSet, claimsOf, historyOf, resolveClaims } from '../../src/model/claims.ts';
import { resolveSingleValued, type StatedRelation } from '../../src/model/single-valued.ts';

/** A claim set of `source`, dated `sourceDate`, saying `props`. */
function set(
  source: string,
  sourceDate: string,
  props: Record<string, unknown>,
  extra: Partial<ClaimSet> = {},
) {
  return { source, sourceDate, section: '1', quote: `${source} says so`, props, ranks: {}, ...extra };
}

const planned = { status: 'planned', startDate: '2024-03-01', endDate: '2024-03-31', datePrecision: 'month' };
const held = { status: 'held', startDate: '2024-03-12', endDate: '2024-03-13', datePrecision: 'day' };

describe('the value shown', () => {
  it('shows what happened over a plan a newer source repeats', () => {
    const sets = [set('resolution', '2024-07-09', planned), set('minutes', '2024-03-13', held)];
    expect(resolveClaims(sets).props).toMatchObject(held);
  });

  it('does not take a record dated before the event for what happened', () => {
    const sets = [set('resolution', '2024-07-09', planned), set('early', '2024-02-01', held)];
    expect(resolveClaims(sets).props.status).toBe('planned');
  });

  it('takes a cancellation without dates against the latest plan', () => {
    const cancelled = { status: 'cancelled' };
    const before = [set('plan', '2024-07-09', planned), set('notice', '2024-02-20', cancelled)];
    expect(resolveClaims(before).props.status).toBe('planned');
    const after = [set('plan', '2024-07-09', planned), set('notice', '2024-03-02', cancelled)];
    expect(resolveClaims(after).props.status).toBe('cancelled');
  });

  it('lets ranks decide first', () => {
    const sets = [
      set('resolution', '2024-07-09', planned, { ranks: { status: 'preferred' } }),
      set('minutes', '2024-03-13', held),
    ];
    expect(resolveClaims(sets).props.status).toBe('planned');
  });

  it('shows the claim with the latest asOf, whatever its source’s date', () => {
    const sets = [
      set('resolution', '2024-07-09', { status: 'draft' }, { asOf: '2024-01-30' }),
      set('statement', '2024-02-02', { status: 'adopted' }),
    ];
    expect(resolveClaims(sets).props.status).toBe('adopted');
    expect(claimsOf(sets, 'status').map((c) => [c.source, c.asOf, c.preferred])).toEqual([
      ['resolution', '2024-01-30', false],
      ['statement', '2024-02-02', true],
    ]);
    // Without asOf the more recent source wins, as before.
    expect(resolveClaims([{ ...sets[0], asOf: undefined }, sets[1]] as ClaimSet[]).props.status).toBe(
      'draft',
    );
  });
});

describe('history', () => {
  it('comes in the order of the dates the steps describe', () => {
    const sets = [
      set('minutes', '2024-03-13', held),
      set('resolution', '2024-07-09', planned, { asOf: '2024-02-02' }),
    ];
    expect(historyOf(sets).map((step) => [step.source, step.asOf])).toEqual([
      ['resolution', '2024-02-02'],
      ['minutes', '2024-03-13'],
    ]);
  });
});

describe('asOf in a facts file', () => {
  it('must be a date no later than the source’s', () => {
    expect(asOfProblem('2024-02-02', '2024-07-09')).toBeUndefined();
    expect(asOfProblem('2024-07-10', '2024-07-09')).toBe(
      "asOf 2024-07-10 is after the source's date 2024-07-09",
    );
    expect(asOfProblem('February 2024', '2024-07-09')).toMatch(/^asOf must be an ISO date/);
  });
});

describe('kb:plan warnings', () => {
  it('names a newer, vaguer claim shown over an exact one, and what fixes it', () => {
    const sets = [
      set('minutes', '2024-03-13', held),
      set('summary', '2024-08-01', { status: 'held', startDate: '2024-03-01', datePrecision: 'month' }),
    ];
    const [warning] = certaintyWarnings('wg-as-1', sets);
    expect(warning).toMatchObject({
      entity: 'wg-as-1',
      properties: ['startDate', 'datePrecision'],
      shown: { source: 'summary' },
      loses: { source: 'minutes', asOf: '2024-03-13' },
    });
    expect(warning?.fix).toContain('asOf: "2024-03-12"');
    expect(warning?.fix).toContain('rank: {startDate: preferred, datePrecision: preferred}');
    // The fix applied: nothing to warn of.
    expect(certaintyWarnings('wg-as-1', [sets[0], { ...sets[1], asOf: '2024-03-12' }] as ClaimSet[])).toEqual(
      [],
    );
  });
});

describe('single-valued relations', () => {
  const dates = new Map([
    ['resolution', '2024-07-09'],
    ['notice', '2024-07-15'],
    ['minutes', '2024-03-13'],
  ]);
  const claim = (extra: Record<string, unknown> = {}) =>
    JSON.stringify({ section: '1', quote: 'q', ...extra });
  const hostedByCambodia: StatedRelation = {
    id: 'HOSTED_BY:m:cambodia',
    type: 'HOSTED_BY',
    from: 'm',
    to: 'cambodia',
    sources: ['minutes', 'resolution'],
    claims: [claim(), claim({ asOf: '2024-02-02' })],
  };
  const hostedByLaos: StatedRelation = {
    id: 'HOSTED_BY:m:laos',
    type: 'HOSTED_BY',
    from: 'm',
    to: 'laos',
    sources: ['notice'],
    claims: [claim()],
  };

  it('reports two hosts as a conflict and shows the latest', () => {
    const result = resolveSingleValued('m', 'Meeting', [hostedByLaos, only(hostedByCambodia, 1)], dates);
    expect(result.conflicts).toEqual(['HOSTED_BY']);
    expect(result.outranked).toEqual(['HOSTED_BY:m:cambodia']);
    expect(result.claims.map((c) => [c.value, c.source, c.preferred])).toEqual([
      ['laos', 'notice', true],
      ['cambodia', 'resolution', false],
    ]);
  });

  it('shows the host of the record of what happened', () => {
    const sets = [set('minutes', '2024-03-13', held, { section: '1' })];
    const result = resolveSingleValued('m', 'Meeting', [hostedByCambodia, hostedByLaos], dates, sets);
    expect(result.conflicts).toEqual(['HOSTED_BY']);
    expect(result.outranked).toEqual(['HOSTED_BY:m:laos']);
  });

  it('lets a rank decide, and a deprecated claim is no conflict', () => {
    const deprecated = { ...hostedByLaos, claims: [claim({ ranks: { HOSTED_BY: 'deprecated' } })] };
    const ranked = [only(hostedByCambodia, 1), deprecated];
    const result = resolveSingleValued('m', 'Meeting', ranked, dates);
    expect(result.conflicts).toEqual([]);
    expect(result.outranked).toEqual(['HOSTED_BY:m:laos']);
  });

  it('leaves relations of other types and other entities alone', () => {
    expect(resolveSingleValued('cambodia', 'Country', [hostedByCambodia, hostedByLaos], dates)).toEqual({
      conflicts: [],
      settled: [],
      outranked: [],
      claims: [],
    });
  });
});

/** The relationship as stated by its `index`th source alone. */
function only(relation: StatedRelation, index: number): StatedRelation {
  return {
    ...relation,
    sources: [relation.sources[index] as string],
    claims: [relation.claims[index] as string],
  };
}
