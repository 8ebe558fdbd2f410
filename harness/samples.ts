import type { Optimization, PipelinePath } from '../reference-impl/pipeline/toggles.ts';

/**
 * What a run records. Times are wall milliseconds on the harness's monotonic clock, measured
 * from the moment the request was written; statistics convert them to profile milliseconds.
 * Outcomes are recorded, never thrown: every image sent ends as one sample.
 */
export type Outcome = 'succeeded' | 'failed' | 'timed-out';

/** What the server said of a job (`GET /api/jobs/:id`), when it said it. */
export interface ServerView {
  timeScale: number | null;
  queueMs: number | null;
  eventMs: number | null;
  notifiedMs: number | null;
  /** The server's own time (wall ms): not waiting on a provider or an injected delay. */
  ownMs: number | null;
  /** Injected delays on the critical path of an optimized image (profile ms), see `criticalPathMs`. */
  criticalPathMs: number | null;
  cacheHit: boolean | null;
  dedupShared: boolean | null;
  aiCalls: number | null;
  /** AI tokens the job's calls used, as the provider reported them. */
  tokens: { prompt: number; completion: number } | null;
  /** Wall ms from acceptance to notification, split by what the job was doing (see time-breakdown.ts). */
  breakdownMs: Record<string, number> | null;
}

export interface Sample {
  unit: string;
  scenario: string;
  workload: string;
  /** What the workload sends: `single`, `batch` or `duplicate`. */
  kind: 'single' | 'batch' | 'duplicate';
  variant: string;
  path: PipelinePath;
  optimizations?: Optimization[];
  warmup: boolean;
  repetition: number;
  /** Position in its batch (0 for a single image). */
  index: number;
  flyerId: string;
  timezone: string;
  jobId: string | null;
  /** The created event's name, as the server returned it. */
  eventName?: string;
  /** The created event against the fixture's, field by field (see score-event.ts). */
  quality?: { matched: number; total: number; exact: boolean; missed: string[] };
  outcome: Outcome;
  /** Why it failed: the server's error code, `mismatch: <fields>`, `http 503 ...`, `no notification ...`. */
  reason?: string;
  ackMs: number | null;
  eventMs: number | null;
  notifiedMs: number | null;
  server: ServerView | null;
}

export interface BatchSample {
  unit: string;
  scenario: string;
  workload: string;
  variant: string;
  warmup: boolean;
  repetition: number;
  batchId: string | null;
  images: number;
  outcome: Outcome;
  reason?: string;
  ackMs: number | null;
  /** Sent to `batch.completed` on the stream. */
  makespanMs: number | null;
  /** Sent to the first image's notification. */
  firstResultMs: number | null;
}

/** Injected time on the critical path: max(AI calls, upload) + insert + push, in profile ms. Pure. */
export function criticalPathMs(steps: readonly { name: string; injectedProfileMs?: number }[]): number | null {
  const injected = (name: string) => steps.filter((s) => s.name === name).reduce((sum, s) => sum + (s.injectedProfileMs ?? 0), 0);
  if (!steps.some((s) => s.name === 'insert')) return null;
  return Math.max(injected('ai.event'), injected('ai.metadata'), injected('upload')) + injected('insert') + injected('push');
}
