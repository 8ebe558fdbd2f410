import { describe, expect, it } from 'vitest';
import { drawDelayMs, drawFault, hashUniforms, sampleDistribution } from '../reference-impl/latency/latency-model.ts';
import { loadLatencyProfile } from '../reference-impl/latency/latency-profile.ts';
import { fixedProfile } from './helpers/profiles.ts';

describe('sampleDistribution', () => {
  it('gives a fixed delay whatever the uniforms', () => {
    expect(sampleDistribution({ kind: 'fixed', ms: 120 }, 0.01, 0.99)).toBe(120);
  });

  it('puts a lognormal\'s median at z = 0 and its p95 at z = 1.6449', () => {
    const d = { kind: 'lognormal', medianMs: 1000, p95Ms: 3000 } as const;
    // u2 = 0.25 makes cos(2 pi u2) = 0, so z = 0 whatever u1 is.
    expect(sampleDistribution(d, 0.3, 0.25)).toBeCloseTo(1000, 9);
    // u2 = 0 makes z = sqrt(-2 ln u1); pick u1 so that z is the 95th percentile.
    const u1 = Math.exp(-(1.6448536269514722 ** 2) / 2);
    expect(sampleDistribution(d, u1, 0)).toBeCloseTo(3000, 6);
  });

  it('caps a lognormal at maxMs', () => {
    expect(sampleDistribution({ kind: 'lognormal', medianMs: 1000, p95Ms: 3000, maxMs: 1500 }, 1e-9, 0)).toBe(1500);
  });

  it('scales a uniform and indexes empirical samples', () => {
    expect(sampleDistribution({ kind: 'uniform', minMs: 100, maxMs: 300 }, 0.25, 0)).toBe(150);
    expect(sampleDistribution({ kind: 'empirical', samplesMs: [10, 20, 30, 40] }, 0.5, 0)).toBe(30);
    expect(sampleDistribution({ kind: 'empirical', samplesMs: [10, 20, 30, 40] }, 0.999999, 0)).toBe(40);
  });

  it('draws a lognormal whose sample median and p95 match its parameters', () => {
    const d = { kind: 'lognormal', medianMs: 1700, p95Ms: 2900 } as const;
    const samples = Array.from({ length: 20_000 }, (_, i) => {
      const [u1, u2] = hashUniforms(['check', i], 2) as [number, number];
      return sampleDistribution(d, u1, u2);
    }).sort((a, b) => a - b);
    expect(samples[10_000]! / 1700).toBeGreaterThan(0.97);
    expect(samples[10_000]! / 1700).toBeLessThan(1.03);
    expect(samples[19_000]! / 2900).toBeGreaterThan(0.96);
    expect(samples[19_000]! / 2900).toBeLessThan(1.04);
  });
});

describe('drawDelayMs', () => {
  it('is a pure function of profile, seed, content and attempt', async () => {
    const seed = await loadLatencyProfile('seed');
    const key = { seed: 7, contentKey: 'abc', attempt: 0 };
    const a = drawDelayMs(seed, 'ai.event', key);
    expect(drawDelayMs(seed, 'ai.event', { ...key })).toBe(a);
    expect(drawDelayMs(seed, 'ai.event', { ...key, attempt: 1 })).not.toBe(a);
    expect(drawDelayMs(seed, 'ai.event', { ...key, seed: 8 })).not.toBe(a);
    expect(drawDelayMs(seed, 'ai.event', { ...key, contentKey: 'abd' })).not.toBe(a);
    expect(drawDelayMs(seed, 'ai.metadata', key)).not.toBe(a);
  });

  it('injects faults at the profile\'s rate, independently per attempt', () => {
    const profile = fixedProfile({}, { faults: { upload: { errorRate: 0.3 } } });
    const faults = Array.from({ length: 2000 }, (_, i) => drawFault(profile, 'upload', { seed: 1, contentKey: `k${i}`, attempt: 0 }));
    const rate = faults.filter((f) => f === 503).length / faults.length;
    expect(rate).toBeGreaterThan(0.25);
    expect(rate).toBeLessThan(0.35);
    expect(drawFault(profile, 'ai.event', { seed: 1, contentKey: 'k', attempt: 0 })).toBeUndefined();
  });
});

describe('profiles', () => {
  it('seed and zero load and say what each number rests on', async () => {
    for (const name of ['seed', 'zero']) {
      const profile = await loadLatencyProfile(name);
      for (const spec of Object.values(profile.dependencies)) expect(spec.basis.length).toBeGreaterThan(10);
    }
  });

  it('a bad profile fails naming the field', async () => {
    const { parseLatencyProfile } = await import('../reference-impl/latency/latency-profile.ts');
    const zero = await loadLatencyProfile('zero');
    const bad = structuredClone(zero) as any;
    bad.dependencies.upload.distribution = { kind: 'lognormal', medianMs: 500, p95Ms: 100 };
    expect(() => parseLatencyProfile(bad, 'bad.json')).toThrow(/dependencies\.upload\.distribution.*p95Ms must be >= medianMs/);
  });
});
