import type { Singleflight } from './types.ts';

/** Concurrent runs with one key share the first one's promise, within this process. */
export class MemorySingleflight implements Singleflight {
  private readonly inFlight = new Map<string, Promise<unknown>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<{ value: T; shared: boolean }> {
    const running = this.inFlight.get(key);
    if (running) return { value: (await running) as T, shared: true };
    const promise = work();
    this.inFlight.set(key, promise);
    try {
      return { value: await promise, shared: false };
    } finally {
      this.inFlight.delete(key);
    }
  }

  get size(): number {
    return this.inFlight.size;
  }
}
