import { describe, expect, it } from 'vitest';
import { ProviderLimiter } from '../reference-impl/mocks/provider-limiter.ts';

describe('ProviderLimiter', () => {
  it('admits requestsPerMinute per scaled minute, then refuses until the window moves', () => {
    let now = 0;
    const limiter = new ProviderLimiter({ requestsPerMinute: 3, retryAfterMs: 1000, basis: 't' }, 0.01, () => now);
    expect([limiter.admit(), limiter.admit(), limiter.admit(), limiter.admit()]).toEqual([true, true, true, false]);
    now = 599; // the window at scale 0.01 is 600 ms
    expect(limiter.admit()).toBe(false);
    now = 600;
    expect(limiter.admit()).toBe(true);
  });

  it('keeps at most maxConcurrency in flight and hands slots on in order', async () => {
    const limiter = new ProviderLimiter({ maxConcurrency: 2, retryAfterMs: 0, basis: 't' }, 1);
    const order: number[] = [];
    const releases = await Promise.all([limiter.acquire(), limiter.acquire()]);
    const third = limiter.acquire().then((release) => {
      order.push(3);
      return release;
    });
    const fourth = limiter.acquire().then((release) => {
      order.push(4);
      return release;
    });
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual([]);
    expect(limiter.inFlight).toBe(2);
    releases[0]!();
    (await third)();
    releases[1]!();
    (await fourth)();
    expect(order).toEqual([3, 4]);
    expect(limiter.inFlight).toBe(0);
  });
});
