import { describe, expect, it } from 'vitest';
import { schedule } from '../reference-impl/pipeline/batch-schedule.ts';

/** Runs 12 fake jobs of given durations (ms) and records concurrency and start order. */
async function trace(strategy: 'sequential' | 'pool' | 'chunk' | 'all', durations: number[]) {
  let inFlight = 0;
  let maxInFlight = 0;
  const starts: number[] = [];
  const results = await schedule(durations, strategy, { poolSize: 5, chunkSize: 5 }, async (ms, i) => {
    starts.push(i);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((r) => setTimeout(r, ms));
    inFlight--;
    if (i === 3) throw new Error('image 3 failed');
    return i;
  });
  return { results, maxInFlight, starts };
}

describe('batch scheduling', () => {
  const durations = [30, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5];

  it.each(['sequential', 'pool', 'chunk', 'all'] as const)('%s returns one settled result per item, in order, failures included', async (strategy) => {
    const { results } = await trace(strategy, durations);
    expect(results).toHaveLength(12);
    expect(results[3]).toMatchObject({ status: 'rejected' });
    expect(results.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<number>).value)).toEqual([0, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('sequential runs one at a time', async () => {
    expect((await trace('sequential', durations)).maxInFlight).toBe(1);
  });

  it('pool keeps at most five in flight and refills without waiting for the slow one', async () => {
    const { maxInFlight, starts } = await trace('pool', durations);
    expect(maxInFlight).toBe(5);
    // Item 0 takes 30 ms; the pool starts 5..11 while it runs, so all start before it ends.
    expect(starts).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('chunk waits for the slowest of each chunk before starting the next', async () => {
    let firstChunkDone = 0;
    let secondChunkStart = 0;
    await schedule(durations, 'chunk', { poolSize: 5, chunkSize: 5 }, async (ms, i) => {
      if (i === 5) secondChunkStart = performance.now();
      await new Promise((r) => setTimeout(r, ms));
      if (i === 0) firstChunkDone = performance.now();
    });
    expect(secondChunkStart).toBeGreaterThanOrEqual(firstChunkDone);
  });

  it('pool finishes a batch with one slow item sooner than chunk does', async () => {
    // chunk: 100 (first chunk) + 20 + 20; pool: the slow one ends last, at 100.
    const slowFirst = [100, ...Array.from({ length: 14 }, () => 20)];
    const time = async (strategy: 'pool' | 'chunk') => {
      const start = performance.now();
      await trace(strategy, slowFirst);
      return performance.now() - start;
    };
    const chunk = await time('chunk');
    const pool = await time('pool');
    expect(pool).toBeLessThan(chunk * 0.9);
  });
});
