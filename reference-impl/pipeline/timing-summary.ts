import type { JobRecord, StepTiming } from '../stores/types.ts';

export interface TimingSummary {
  /** Accepted to started (scheduler hop and any wait for a slot). */
  queueMs: number | null;
  /** Accepted to the event stored and the job reported done. */
  eventMs: number | null;
  /** Accepted to the notification published on the user's stream. */
  notifiedMs: number | null;
  /**
   * Time inside that window when the job waited on nothing recorded (no provider call, store,
   * hop or queue): the orchestration's own cost.
   */
  ownMs: number | null;
  /** Spans in wall ms since acceptance; the delay injected inside each in profile ms (wall = profile x timeScale). */
  steps: { name: string; startMs: number; endMs: number; injectedProfileMs?: number; attempts?: number; note?: string }[];
}

/** Length of the union of intervals, clipped to [from, to]. Pure. */
export function unionLengthMs(spans: readonly StepTiming[], from: number, to: number): number {
  const clipped = spans
    .map((s) => [Math.max(from, s.startAt), Math.min(to, s.endAt)] as const)
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let total = 0;
  let [curStart, curEnd] = [Number.NaN, Number.NaN];
  for (const [a, b] of clipped) {
    if (Number.isNaN(curStart) || a > curEnd) {
      if (!Number.isNaN(curStart)) total += curEnd - curStart;
      [curStart, curEnd] = [a, b];
    } else {
      curEnd = Math.max(curEnd, b);
    }
  }
  if (!Number.isNaN(curStart)) total += curEnd - curStart;
  return total;
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;

/** A job's timeline relative to its acceptance, in milliseconds (microsecond precision). Pure. */
export function summarizeTimings(job: JobRecord): TimingSummary {
  const since = (at: number | undefined) => (at === undefined ? null : round(at - job.acceptedAt));
  const end = job.notifiedAt ?? job.finishedAt;
  return {
    queueMs: since(job.startedAt),
    eventMs: since(job.finishedAt),
    notifiedMs: since(job.notifiedAt),
    ownMs: end === undefined ? null : round(end - job.acceptedAt - unionLengthMs(job.steps, job.acceptedAt, end)),
    steps: [...job.steps]
      .sort((a, b) => a.startAt - b.startAt)
      .map((s) => ({
        name: s.name,
        startMs: round(s.startAt - job.acceptedAt),
        endMs: round(s.endAt - job.acceptedAt),
        ...(s.injectedMs === undefined ? {} : { injectedProfileMs: round(s.injectedMs) }),
        ...(s.attempts === undefined ? {} : { attempts: s.attempts }),
        ...(s.note === undefined ? {} : { note: s.note }),
      })),
  };
}
