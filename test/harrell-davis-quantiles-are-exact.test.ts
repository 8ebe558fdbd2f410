import { describe, expect, it } from 'vitest';
import { harrellDavis, harrellDavisWeights, incompleteBeta, logGamma } from '../harness/gate/harrell-davis.ts';

describe('the Harrell-Davis estimator', () => {
  it('rests on an exact incomplete beta function', () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    // For whole a and b, I_x(a, b) is a binomial tail: I_0.5(2, 3) = 11/16.
    expect(incompleteBeta(0.5, 2, 3)).toBeCloseTo(11 / 16, 12);
    expect(incompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 12);
    expect(incompleteBeta(0.2, 3.5, 1.25) + incompleteBeta(0.8, 1.25, 3.5)).toBeCloseTo(1, 12);
  });

  it('weighs every value, the weights summing to one', () => {
    const w = harrellDavisWeights(40, 0.95);
    expect(w).toHaveLength(40);
    expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(w.every((x) => x >= 0)).toBe(true);
    // Most of the weight sits on the top values, none of it all on one.
    expect(w[39]! + w[38]! + w[37]!).toBeGreaterThan(0.5);
    expect(Math.max(...w)).toBeLessThan(0.5);
  });

  it('gives the exact median of a symmetric set, the constant of a constant set, and follows a shift', () => {
    expect(harrellDavis([5, 1, 4, 2, 3], 0.5)).toBeCloseTo(3, 12);
    expect(harrellDavis([7, 7, 7, 7], 0.95)).toBeCloseTo(7, 12);
    const values = Array.from({ length: 30 }, (_, i) => (i * 37) % 101);
    expect(harrellDavis(values.map((v) => v + 10), 0.95)).toBeCloseTo(harrellDavis(values, 0.95) + 10, 9);
  });

  it('lies between the neighbouring order statistics of its quantile', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    const p95 = harrellDavis(values, 0.95);
    expect(p95).toBeGreaterThan(94);
    expect(p95).toBeLessThan(97);
  });
});
