import type { BatchStrategy } from './toggles.ts';

export interface ScheduleSizes {
  poolSize: number;
  chunkSize: number;
}

/**
 * Runs `work` over `items` in the batch strategy's order and returns one settled result per
 * item, in item order, whatever failed:
 * - `sequential`: one after another;
 * - `chunk`: fixed chunks, each awaited whole (`Promise.allSettled`) before the next starts;
 * - `pool`: a sliding window, a new item starting as soon as any finishes;
 * - `all`: everything at once (a bound, if any, lives in what `work` calls).
 */
export async function schedule<T, R>(
  items: readonly T[],
  strategy: BatchStrategy,
  sizes: ScheduleSizes,
  work: (item: T, index: number) => Promise<R>,
): Promise<PromiseSettledResult<R>[]> {
  const results: PromiseSettledResult<R>[] = new Array(items.length);
  const settle = async (index: number) => {
    try {
      results[index] = { status: 'fulfilled', value: await work(items[index] as T, index) };
    } catch (reason) {
      results[index] = { status: 'rejected', reason };
    }
  };
  switch (strategy) {
    case 'sequential':
      for (let i = 0; i < items.length; i++) await settle(i);
      break;
    case 'all':
      await Promise.all(items.map((_, i) => settle(i)));
      break;
    case 'chunk':
      for (let start = 0; start < items.length; start += sizes.chunkSize) {
        const end = Math.min(items.length, start + sizes.chunkSize);
        await Promise.all(Array.from({ length: end - start }, (_, k) => settle(start + k)));
      }
      break;
    case 'pool': {
      let next = 0;
      const lane = async () => {
        while (next < items.length) await settle(next++);
      };
      await Promise.all(Array.from({ length: Math.min(sizes.poolSize, items.length) }, lane));
      break;
    }
  }
  return results;
}
