import { describe, expect, it } from 'vitest';
import { CallLimiter } from '../reference-impl/providers/call-limiter.ts';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('the client-side AI call limiter', () => {
  it('keeps at most N calls in flight, the others waiting in order', async () => {
    const limiter = new CallLimiter(2, 0);
    let active = 0;
    let most = 0;
    const order: number[] = [];
    const release: (() => void)[] = [];
    const calls = Array.from({ length: 5 }, (_, i) =>
      limiter.run(async () => {
        active++;
        most = Math.max(most, active);
        order.push(i);
        await new Promise<void>((r) => release.push(r));
        active--;
      }),
    );
    await tick();
    expect(limiter.inFlight).toBe(2);
    expect(limiter.queued).toBe(3);
    while (release.length) {
      release.shift()!();
      await tick();
    }
    await Promise.all(calls);
    expect(most).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4]);
  });

  it('starts at most M calls in any sliding window, the next when the oldest leaves it', async () => {
    let now = 0;
    const limiter = new CallLimiter(10, 3, () => now, 50);
    const started: number[] = [];
    const calls = Array.from({ length: 5 }, () => limiter.run(async () => void started.push(now)));
    await tick();
    expect(started).toEqual([0, 0, 0]);
    now = 50;
    await new Promise((r) => setTimeout(r, 80));
    await Promise.all(calls);
    expect(started).toEqual([0, 0, 0, 50, 50]);
  });
});
