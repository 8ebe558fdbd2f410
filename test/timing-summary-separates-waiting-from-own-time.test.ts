import { describe, expect, it } from 'vitest';
import { summarizeTimings, unionLengthMs } from '../reference-impl/pipeline/timing-summary.ts';
import type { JobRecord } from '../reference-impl/stores/types.ts';

const span = (name: string, startAt: number, endAt: number) => ({ name, startAt, endAt });

describe('unionLengthMs', () => {
  it('counts overlapping spans once and clips to the window', () => {
    expect(unionLengthMs([span('a', 0, 10), span('b', 5, 20), span('c', 30, 40)], 0, 100)).toBe(30);
    expect(unionLengthMs([span('a', -5, 10), span('b', 95, 120)], 0, 100)).toBe(15);
    expect(unionLengthMs([], 0, 100)).toBe(0);
  });
});

describe('summarizeTimings', () => {
  it('gives each moment since acceptance and the time not spent waiting', () => {
    const job = {
      acceptedAt: 1000,
      startedAt: 1002,
      finishedAt: 1050,
      notifiedAt: 1060,
      steps: [span('scheduler.hop', 1000, 1001), span('ai.event', 1003, 1040), span('upload', 1003, 1020), span('insert', 1041, 1048), span('push', 1050, 1059)],
    } as JobRecord;
    const summary = summarizeTimings(job);
    expect(summary).toMatchObject({ queueMs: 2, eventMs: 50, notifiedMs: 60 });
    // 60 ms in all, 1 + 37 + 7 + 9 = 54 ms of it waiting on something.
    expect(summary.ownMs).toBe(6);
    expect(summary.steps.map((s) => s.name)).toEqual(['scheduler.hop', 'ai.event', 'upload', 'insert', 'push']);
  });
});
