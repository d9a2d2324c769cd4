import { describe, expect, it } from 'vitest';
import { typeStyles } from '../../web/src/styles-by-type.ts';

const rgb = (hex: string) =>
  [1, 3, 5].map((at) => Number.parseInt(hex.slice(at, at + 2), 16)) as [number, number, number];

/** "Redmean" colour distance: a cheap approximation of how different two colours look. */
function distance(a: string, b: string): number {
  const [r1, g1, b1] = rgb(a);
  const [r2, g2, b2] = rgb(b);
  const mean = (r1 + r2) / 2;
  return Math.sqrt(
    (2 + mean / 256) * (r1 - r2) ** 2 + 4 * (g1 - g2) ** 2 + (2 + (255 - mean) / 256) * (b1 - b2) ** 2,
  );
}

describe('entity type styles', () => {
  it('gives every two types colours that look different', () => {
    const types = Object.entries(typeStyles);
    for (const [i, [a, styleA]] of types.entries()) {
      for (const [b, styleB] of types.slice(i + 1)) {
        expect(distance(styleA.color, styleB.color), `${a} and ${b}`).toBeGreaterThanOrEqual(75);
      }
    }
  });

  it('tells apart types of one colour family by shape', () => {
    const funding = ['Fund', 'FundApproval', 'FundAllocation'].map((type) => typeStyles[type]?.color);
    expect(new Set(funding).size).toBe(3);
    expect(typeStyles.Organization?.shape).not.toBe(typeStyles.FundApproval?.shape);
    expect(typeStyles.Meeting?.shape).not.toBe(typeStyles.DigitalService?.shape);
  });
});
