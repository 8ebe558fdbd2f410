import type { Distribution } from '../../reference-impl/latency/latency-profile.ts';
import { hashUniforms, sampleDistribution } from '../../reference-impl/latency/latency-model.ts';
import type { ScheduleSizes } from '../../reference-impl/pipeline/batch-schedule.ts';
import type { BatchStrategy } from '../../reference-impl/pipeline/toggles.ts';

/**
 * The makespan, in the durations' unit, of a batch whose items take `durations` each, scheduled
 * as `schedule()` in `reference-impl/pipeline/batch-schedule.ts` does, with no cost of its own:
 * - `sequential`: the sum;
 * - `chunk`: the sum over consecutive chunks of each chunk's longest item;
 * - `pool`: greedy list scheduling in item order on `poolSize` lanes (each next item starts on the
 *   lane that frees first); the makespan is the last lane to finish;
 * - `all`: the longest item.
 * Pure: the same durations give the same number, to the last bit.
 */
export function simulateMakespan(durations: readonly number[], strategy: BatchStrategy, sizes: ScheduleSizes): number {
  switch (strategy) {
    case 'sequential':
      return durations.reduce((t, d) => t + d, 0);
    case 'all':
      return durations.reduce((t, d) => Math.max(t, d), 0);
    case 'chunk': {
      let t = 0;
      for (let start = 0; start < durations.length; start += sizes.chunkSize) {
        // Each item of a chunk starts at `t`; the next chunk starts when its last one ends.
        t = durations.slice(start, start + sizes.chunkSize).reduce((end, d) => Math.max(end, t + d), t);
      }
      return t;
    }
    case 'pool': {
      const lanes = new Array<number>(Math.min(sizes.poolSize, durations.length)).fill(0);
      for (const d of durations) {
        let free = 0;
        for (let k = 1; k < lanes.length; k++) if ((lanes[k] as number) < (lanes[free] as number)) free = k;
        lanes[free] = (lanes[free] as number) + d;
      }
      return lanes.reduce((t, end) => Math.max(t, end), 0);
    }
  }
}

/**
 * `count` durations drawn from `distribution` with the project's latency model, each from its
 * own hash stream (`micro-batch`, seed, index): reproducible without any generator state. Pure.
 */
export function drawDurationsMs(distribution: Distribution, seed: number, count: number): number[] {
  return Array.from({ length: count }, (_, index) => {
    const [u1 = 0.5, u2 = 0.5] = hashUniforms(['micro-batch', seed, index], 2);
    return sampleDistribution(distribution, u1, u2);
  });
}
