import { describe, expect, it } from 'vitest';
import { findKnee, summarizeLoad, type OverloadStep } from '../harness/load/load-summary.ts';
import type { ArrivalRecord } from '../harness/load/open-loop.ts';

const record = (over: Partial<ArrivalRecord>): ArrivalRecord => ({ index: 0, kind: 'new', images: 1, sendLagMs: 0.5, request: 'accepted', status: 202, ackMs: 2, notifiedMs: [100], outcomes: ['succeeded'], ...over });

describe('a load summary', () => {
  it('counts every request and image by how it ended', () => {
    const records = [
      record({ index: 0 }),
      record({ index: 1, kind: 'batch', images: 3, notifiedMs: [100, 120, null], outcomes: ['succeeded', 'failed', 'timed-out'], failureReasons: ['ai_unavailable'] }),
      record({ index: 2, request: 'shed', status: 503, reason: 'overloaded', ackMs: 1, notifiedMs: [null], outcomes: [] }),
      record({ index: 3, request: 'refused', status: 400, reason: 'invalid_request', notifiedMs: [null], outcomes: [] }),
    ];
    const s = summarizeLoad(records, 4, 1000);
    expect(s).toMatchObject({
      requests: 4,
      images: 6,
      accepted: { requests: 2, images: 4 },
      shed: { requests: 1, images: 1 },
      refused: 1,
      errors: 0,
      imagesSucceeded: 2,
      imagesFailed: 1,
      imagesTimedOut: 1,
      imagesLost: 0,
      goodputPerS: 2,
      failureReasons: { ai_unavailable: 1 },
      errorsByKind: { 'shed: overloaded': 1, 'refused: invalid_request': 1, 'accepted, no outcome before the drain deadline': 1 },
    });
    expect(s.notified.n).toBe(3);
    expect(s.ack.n).toBe(4);
  });
});

const step = (rate: number, goodput: number, shed: number, p95: number): OverloadStep => ({
  summary: { ...summarizeLoad(Array.from({ length: 40 }, (_, i) => record({ index: i, notifiedMs: [p95] })), rate, 1000), offeredRatePerS: rate, images: rate, durationMs: 1000, goodputPerS: goodput, shed: { requests: shed, images: shed } },
  server: { cpuSeconds: null, cpuCores: null, rssBytes: null, peakRssBytes: null },
});

describe('the knee of an overload sweep', () => {
  it('is the last rate the server kept up with, and says what went wrong after it', () => {
    const knee = findKnee([step(10, 10, 0, 100), step(20, 19.8, 0, 120), step(40, 25, 15, 130), step(80, 25, 55, 140)]);
    expect(knee.kneeRatePerS).toBe(20);
    expect(knee.firstPastKnee).toBe(40);
    expect(knee.why).toMatch(/^at 40\/s the server delivered 25\.0 images\/s of 40\.0 offered and shed 15/);
  });

  it('counts a rate whose latency blew up as past the knee even with nothing shed', () => {
    const knee = findKnee([step(10, 10, 0, 100), step(20, 20, 0, 900)]);
    expect(knee.kneeRatePerS).toBe(10);
    expect(knee.why).toMatch(/notified p95 \(900 ms\) passed 3x/);
  });
});
