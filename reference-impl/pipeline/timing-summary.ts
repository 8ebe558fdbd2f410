import type { JobRecord, StepTiming } from '../stores/types.ts';

export interface TimingSummary {
  /** Accepted to started (scheduler hop and any wait for a slot). */
  queueMs: number | null;
  /** Accepted to the event stored and the job reported done. */
  eventMs: number | null;
  /** Accepted to the notification published on the user's stream. */
  notifiedMs: number | null;
  /**
   * Time inside that window when the job was not waiting on a provider (AI, upload, push),
   * on another request's AI call, on its turn in a batch, or on a delay the latency profile
   * injected: the server's own cost, queues and store round trips included.
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

/** Spans that are waiting on something outside the server for their whole length. */
const EXTERNAL = /^(ai\.|upload$|push$|dedup\.wait$|batch\.wait$)/;

/**
 * The part of a span that is waiting: all of an external call; of anything else (hops, store
 * calls), only the injected delay, which the model places at the span's start. Pure.
 */
export function waitingSpan(span: StepTiming, timeScale: number): StepTiming {
  if (EXTERNAL.test(span.name)) return span;
  const injectedWallMs = (span.injectedMs ?? 0) * timeScale;
  return { ...span, endAt: Math.min(span.endAt, span.startAt + injectedWallMs) };
}

/** A job's timeline relative to its acceptance, in milliseconds (microsecond precision). Pure. */
export function summarizeTimings(job: JobRecord, timeScale: number): TimingSummary {
  const since = (at: number | undefined) => (at === undefined ? null : round(at - job.acceptedAt));
  const end = job.notifiedAt ?? job.finishedAt;
  return {
    queueMs: since(job.startedAt),
    eventMs: since(job.finishedAt),
    notifiedMs: since(job.notifiedAt),
    ownMs:
      end === undefined
        ? null
        : round(end - job.acceptedAt - unionLengthMs(job.steps.map((s) => waitingSpan(s, timeScale)), job.acceptedAt, end)),
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
