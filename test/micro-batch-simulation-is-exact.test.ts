import { describe, expect, it } from 'vitest';
import { simulateMakespan } from '../harness/micro/simulate-batch.ts';

const sizes = { poolSize: 5, chunkSize: 5 };
// Worked by hand below: chunks [100..400] [250..80] [500, 10]; pool lanes as they free.
const durations = [100, 300, 200, 50, 400, 250, 150, 350, 120, 80, 500, 10];

describe('simulateMakespan', () => {
  it('chunk of 5 is the sum over chunks of each chunk’s longest item', () => {
    expect(simulateMakespan(durations, 'chunk', sizes)).toBe(400 + 350 + 500);
  });

  it('pool of 5 starts each next item on the lane that frees first', () => {
    // Lanes end at 100 300 200 50 400; then 250 on the lane free at 50 (300), 150 at 100 (250),
    // 350 at 200 (550), 120 at 250 (370), 80 at 300 (380), 500 at 300 (800), 10 at 370 (380).
    expect(simulateMakespan(durations, 'pool', sizes)).toBe(800);
  });

  it('sequential is the sum and all is the longest item', () => {
    expect(simulateMakespan(durations, 'sequential', sizes)).toBe(2510);
    expect(simulateMakespan(durations, 'all', sizes)).toBe(500);
  });

  it('one slow item per chunk costs chunk every time, pool once', () => {
    const slowFirst = [1000, 10, 10, 10, 10, 1000, 10, 10, 10, 10];
    expect(simulateMakespan(slowFirst, 'chunk', sizes)).toBe(2000);
    // The second slow item starts on a lane that freed at 10.
    expect(simulateMakespan(slowFirst, 'pool', sizes)).toBe(1010);
  });

  it('a batch smaller than the pool or the chunk ends with its longest item', () => {
    expect(simulateMakespan([30, 70, 20], 'pool', sizes)).toBe(70);
    expect(simulateMakespan([30, 70, 20], 'chunk', sizes)).toBe(70);
    expect(simulateMakespan([], 'pool', sizes)).toBe(0);
  });
});
