import { describe, expect, it } from 'vitest';
import { summarizeTimings, unionLengthMs, waitingSpan } from '../reference-impl/pipeline/timing-summary.ts';
import type { JobRecord } from '../reference-impl/stores/types.ts';

const span = (name: string, startAt: number, endAt: number) => ({ name, startAt, endAt });

describe('unionLengthMs', () => {
  it('counts overlapping spans once and clips to the window', () => {
    expect(unionLengthMs([span('a', 0, 10), span('b', 5, 20), span('c', 30, 40)], 0, 100)).toBe(30);
    expect(unionLengthMs([span('a', -5, 10), span('b', 95, 120)], 0, 100)).toBe(15);
    expect(unionLengthMs([], 0, 100)).toBe(0);
  });
});

describe('waitingSpan', () => {
  it('keeps external calls whole and cuts the rest to their injected delay', () => {
    expect(waitingSpan(span('ai.event', 0, 50), 1)).toEqual(span('ai.event', 0, 50));
    expect(waitingSpan({ ...span('workflow.hop', 0, 12), injectedMs: 100 }, 0.1)).toMatchObject({ startAt: 0, endAt: 10 });
    expect(waitingSpan(span('journal', 0, 3), 1)).toMatchObject({ startAt: 0, endAt: 0 });
  });
});

describe('summarizeTimings', () => {
  it('gives each moment since acceptance and the time not spent waiting', () => {
    const job = {
      acceptedAt: 1000,
      startedAt: 1002,
      finishedAt: 1050,
      notifiedAt: 1060,
      steps: [
        { ...span('scheduler.hop', 1000, 1001), injectedMs: 10 },
        span('ai.event', 1003, 1040),
        span('upload', 1003, 1020),
        { ...span('insert', 1041, 1048), injectedMs: 40 },
        span('push', 1050, 1059),
      ],
    } as JobRecord;
    // Time scale 0.1: the hop's 10 profile ms are 1 wall ms, the insert's 40 are 4 of its 7.
    const summary = summarizeTimings(job, 0.1);
    expect(summary).toMatchObject({ queueMs: 2, eventMs: 50, notifiedMs: 60 });
    // 60 ms in all; waiting: 1 (hop) + 37 (AI, upload inside it) + 4 (insert) + 9 (push) = 51.
    expect(summary.ownMs).toBe(9);
    expect(summary.steps.map((s) => s.name)).toEqual(['scheduler.hop', 'ai.event', 'upload', 'insert', 'push']);
  });
});
