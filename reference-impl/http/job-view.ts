import { summarizeTimings } from '../pipeline/timing-summary.ts';
import type { BatchRecord, JobRecord, StoredEvent } from '../stores/types.ts';

/** The AI tokens a job's calls used, summed over its steps. Pure. */
function tokensOf(job: JobRecord): { prompt: number; completion: number } {
  let prompt = 0;
  let completion = 0;
  for (const step of job.steps) {
    prompt += step.tokens?.prompt ?? 0;
    completion += step.tokens?.completion ?? 0;
  }
  return { prompt, completion };
}

/** A job as `GET /api/jobs/:id` answers it. Pure. */
export function jobView(job: JobRecord, event: StoredEvent | undefined, timeScale: number) {
  return {
    id: job.id,
    status: job.status,
    path: job.path,
    optimizations: job.optimizations,
    ...(job.batchId === undefined ? {} : { batchId: job.batchId, index: job.index }),
    eventId: job.eventId ?? null,
    event: event ?? null,
    error: job.error ? { code: job.error.reason, message: job.error.message } : null,
    warnings: job.warnings,
    counters: { aiCalls: job.aiCalls, cacheHit: job.cacheHit, dedupShared: job.dedupShared, tokens: tokensOf(job) },
    timings: { timeScale, ...summarizeTimings(job, timeScale) },
  };
}

/** A batch as `GET /api/batches/:id` answers it: progress derived from its jobs. Pure. */
export function batchView(batch: BatchRecord, jobs: readonly (JobRecord | undefined)[]) {
  const results = batch.jobIds.map((jobId, index) => {
    const job = jobs[index];
    return {
      index,
      jobId,
      status: job?.status ?? 'failed',
      eventId: job?.eventId ?? null,
      error: job?.error ? { code: job.error.reason, message: job.error.message } : job ? null : { code: 'internal', message: 'job record lost' },
    };
  });
  const done = results.filter((r) => r.status === 'succeeded' || r.status === 'failed').length;
  const ms = (at: number | undefined) => (at === undefined ? null : Math.round((at - batch.acceptedAt) * 1000) / 1000);
  return {
    id: batch.id,
    status: batch.status,
    path: batch.path,
    optimizations: batch.optimizations,
    progress: {
      total: results.length,
      done,
      succeeded: results.filter((r) => r.status === 'succeeded').length,
      failed: results.filter((r) => r.status === 'failed').length,
    },
    timings: { completedMs: ms(batch.finishedAt), notifiedMs: ms(batch.notifiedAt) },
    results,
  };
}
