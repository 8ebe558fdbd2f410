import { describe, expect, it } from 'vitest';
import { drawDurationsMs, simulateMakespan } from '../harness/micro/simulate-batch.ts';
import { virtualMakespan } from '../harness/micro/virtual-batch.ts';

const sizes = { poolSize: 5, chunkSize: 5 };
const lognormal = { kind: 'lognormal', medianMs: 1700, p95Ms: 2900, maxMs: 15000 } as const;

describe('the project’s schedule() on a virtual clock', () => {
  it.each(['sequential', 'chunk', 'pool', 'all'] as const)('%s ends exactly when the pure simulation says', async (strategy) => {
    for (const durations of [[100, 300, 200, 50, 400, 250, 150, 350, 120, 80, 500, 10], drawDurationsMs(lognormal, 1, 20)]) {
      expect(await virtualMakespan(durations, strategy, sizes)).toBe(simulateMakespan(durations, strategy, sizes));
    }
  });

  it('draws the same durations from the same seed, and others from another', () => {
    expect(drawDurationsMs(lognormal, 1, 20)).toEqual(drawDurationsMs(lognormal, 1, 20));
    expect(drawDurationsMs(lognormal, 2, 20)).not.toEqual(drawDurationsMs(lognormal, 1, 20));
  });
});
