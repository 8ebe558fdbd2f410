import { describe, expect, it } from 'vitest';
import { bootstrapCi, decodeHistogram, encodeHistogram, mergeHistograms, percentile, seededRandom, summarize } from '../harness/stats.ts';

describe('percentile (nearest rank)', () => {
  it('gives exact values of known arrays', () => {
    const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(oneToHundred, 50)).toBe(50);
    expect(percentile(oneToHundred, 95)).toBe(95);
    expect(percentile(oneToHundred, 99)).toBe(99);
    expect(percentile(oneToHundred, 100)).toBe(100);
    expect(percentile([3, 1, 2], 50)).toBe(2);
    expect(percentile([10, 20, 30, 40], 50)).toBe(20);
    expect(percentile([10, 20, 30, 40], 75)).toBe(30);
    expect(percentile([7], 95)).toBe(7);
  });

  it('refuses no values and percentiles out of range', () => {
    expect(() => percentile([], 50)).toThrow('no values');
    expect(() => percentile([1], 0)).toThrow();
    expect(() => percentile([1], 101)).toThrow();
  });
});

describe('summarize', () => {
  it('reads percentiles from an HDR histogram to within its precision (0.1%)', () => {
    const values = Array.from({ length: 1000 }, (_, i) => (i + 1) * 1.5); // 1.5 ms .. 1500 ms
    const s = summarize(values);
    expect(s.n).toBe(1000);
    expect(s.p50! / 750).toBeCloseTo(1, 2);
    expect(s.p95! / 1425).toBeCloseTo(1, 2);
    expect(s.p99! / 1485).toBeCloseTo(1, 2);
    expect(s.max).toBe(1500);
    expect(s.mean).toBeCloseTo(750.75, 6);
    expect(s.notes).toEqual([]);
  });

  it('says when there are too few samples instead of printing a precise-looking number', () => {
    const s = summarize([100, 110, 120, 130, 140, 150, 160]);
    expect(s.p50).not.toBeNull();
    expect(s.p95).toBeNull();
    expect(s.ciP95).toBeNull();
    expect(s.p99).toBeNull();
    expect(s.notes).toEqual(['p95 needs 20 samples, has 7', 'p99 needs 100 samples, has 7']);
    expect(summarize([]).notes).toEqual(['no samples']);
  });
});

describe('histograms', () => {
  it('survive encoding and merge across runs', () => {
    const a = [1, 2, 3, 4, 5].map((x) => x * 10);
    const b = [60, 70, 80, 90, 100];
    const merged = mergeHistograms([encodeHistogram(a), encodeHistogram(b)]);
    expect(merged.totalCount).toBe(10);
    expect(merged.getValueAtPercentile(50) / 1000).toBeCloseTo(50, 1);
    expect(decodeHistogram(encodeHistogram(a)).maxValue / 1000).toBeCloseTo(50, 1);
  });
});

describe('bootstrapCi', () => {
  it('is repeatable for a seed', () => {
    const values = Array.from({ length: 50 }, (_, i) => i);
    expect(bootstrapCi(values, 50, { seed: 3 })).toEqual(bootstrapCi(values, 50, { seed: 3 }));
  });

  it('contains the true median and p95 of a known distribution in the large majority of trials', () => {
    // Exponential with mean 100 ms: median 100 ln 2, p95 100 ln 20.
    const trueP50 = 100 * Math.LN2;
    const trueP95 = 100 * Math.log(20);
    const random = seededRandom(42);
    const trials = 200;
    let cover50 = 0;
    let cover95 = 0;
    for (let t = 0; t < trials; t++) {
      const sample = Array.from({ length: 200 }, () => -100 * Math.log(1 - random()));
      const [lo50, hi50] = bootstrapCi(sample, 50, { seed: t, resamples: 500 });
      const [lo95, hi95] = bootstrapCi(sample, 95, { seed: t, resamples: 500 });
      if (lo50 <= trueP50 && trueP50 <= hi50) cover50++;
      if (lo95 <= trueP95 && trueP95 <= hi95) cover95++;
    }
    // A 95% interval should cover about 95% of the time; the percentile bootstrap runs a little low.
    expect(cover50 / trials).toBeGreaterThan(0.88);
    expect(cover95 / trials).toBeGreaterThan(0.85);
  });
});
