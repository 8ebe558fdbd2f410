import { describe, expect, it } from 'vitest';
import { FreshPairs, planArrivals } from '../harness/load/arrival-plan.ts';

const flyers = Array.from({ length: 10 }, (_, i) => `f${i}`);
const timezones = Array.from({ length: 100 }, (_, i) => `Zone/${i}`);
const plan = (over: Partial<Parameters<typeof planArrivals>[0]> = {}) =>
  planArrivals({ ratePerS: 50, durationMs: 10_000, mix: { new: 0.6, duplicate: 0.3, batch: 0.1 }, batchImages: 4, pairs: new FreshPairs(flyers, timezones), seed: 3, ...over });

describe('an open-model arrival plan', () => {
  it('is due at exactly i / rate, whatever happens to earlier arrivals', () => {
    const arrivals = plan();
    expect(arrivals).toHaveLength(500);
    arrivals.forEach((a, i) => expect(a.atMs).toBe(i * 20));
  });

  it('mixes the kinds in about the asked shares, and is the same for the same seed', () => {
    const arrivals = plan();
    const share = (kind: string) => arrivals.filter((a) => a.kind === kind).length / arrivals.length;
    expect(share('new')).toBeGreaterThan(0.5);
    expect(share('new')).toBeLessThan(0.7);
    expect(share('duplicate')).toBeGreaterThan(0.2);
    expect(share('duplicate')).toBeLessThan(0.4);
    expect(share('batch')).toBeGreaterThan(0.04);
    expect(share('batch')).toBeLessThan(0.16);
    expect(plan()).toEqual(arrivals);
    expect(plan({ seed: 4 })).not.toEqual(arrivals);
  });

  it('sends new images never sent before, and duplicates only of what was sent', () => {
    const arrivals = plan();
    const sent = new Set<string>();
    for (const a of arrivals) {
      const pairs = a.flyerIds.map((f) => `${f}@${a.timezone}`);
      if (a.kind === 'duplicate') {
        expect(sent.has(pairs[0]!)).toBe(true);
      } else {
        for (const p of pairs) expect(sent.has(p)).toBe(false);
        for (const p of pairs) sent.add(p);
      }
      if (a.kind === 'batch') expect(new Set(a.flyerIds).size).toBe(4);
    }
  });

  it('says so when it runs out of new (image, timezone) pairs', () => {
    expect(() => plan({ pairs: new FreshPairs(flyers, timezones.slice(0, 2)) })).toThrow(/out of fresh/);
  });
});
