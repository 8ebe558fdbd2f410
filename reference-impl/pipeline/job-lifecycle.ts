import type { JobContext, JobRecord } from '../stores/types.ts';
import type { PipelineDeps } from './deps.ts';
import type { PipelineFailure } from './failure.ts';
import { failurePushMessage, pushStep } from './image-steps.ts';
import type { StepLog } from './step-log.ts';

/**
 * The moments of a job the client can see, each written to the job store and, where the
 * contract says so, published on the user's notification stream.
 */

export async function markRunning(deps: PipelineDeps, job: JobRecord): Promise<void> {
  if (job.status !== 'queued') return;
  job.status = 'running';
  job.startedAt = deps.clock.now();
  await deps.jobs.update(job.id, { status: 'running', startedAt: job.startedAt });
}

/**
 * The event is stored and the job is done as far as its caller is concerned. The record and the
 * notification go out together: one connection keeps their order, so no round trip is waited for.
 */
export async function completeJob(deps: PipelineDeps, job: JobContext, eventId: string, log: StepLog, warnings: string[]): Promise<void> {
  const finishedAt = deps.clock.now();
  await Promise.all([
    log.flushWith({ status: 'succeeded', eventId, finishedAt, warnings }),
    deps.bus.publish(job.userId, { type: 'event.stored', jobId: job.id, eventId, ...(job.batchId ? { batchId: job.batchId } : {}) }, `${job.id}:stored`),
  ]);
  deps.metrics.jobs.inc({ path: job.path, status: 'succeeded' });
}

/** The user is told: `event.created` on their stream, after the push (if any) went out. */
export async function notifyCreated(deps: PipelineDeps, job: JobContext, eventId: string, push: 'sent' | 'failed' | 'skipped', log: StepLog): Promise<void> {
  // The timings are written before the notification is processed (same connection, in order).
  const [, delivered] = await Promise.all([
    log.flush(),
    deps.bus.publish(job.userId, { type: 'event.created', jobId: job.id, eventId, push, ...(job.batchId ? { batchId: job.batchId } : {}) }, `${job.id}:notified`),
  ]);
  await deps.jobs.update(job.id, { notifiedAt: delivered.at });
  deps.admission.release(job.id);
  deps.metrics.jobDuration.observe({ path: job.path }, (delivered.at - job.acceptedAt) / 1000);
}

/**
 * Ends a job as failed with its reason: recorded, counted, pushed when asked for, and published
 * as `event.failed`. With `asyncNotify` the job is marked failed before the push goes out.
 */
export async function failJob(deps: PipelineDeps, job: JobContext, failure: PipelineFailure, log: StepLog, asyncNotify: boolean, individualPush = true): Promise<void> {
  const error = { reason: failure.reason, message: failure.message };
  const markFailed = async () => {
    await log.flushWith({ status: 'failed', error, finishedAt: deps.clock.now() });
    deps.metrics.jobs.inc({ path: job.path, status: 'failed' });
    deps.metrics.failures.inc({ reason: failure.reason });
  };
  if (asyncNotify) await markFailed();
  if (individualPush) await pushStep(deps, job, failurePushMessage(job, failure), log.record);
  if (!asyncNotify) await markFailed();
  await log.flush();
  const delivered = await deps.bus.publish(job.userId, {
    type: 'event.failed',
    jobId: job.id,
    reason: failure.reason,
    message: failure.message,
    ...(job.batchId ? { batchId: job.batchId } : {}),
  }, `${job.id}:notified`);
  await deps.jobs.update(job.id, { notifiedAt: delivered.at });
  deps.admission.release(job.id);
  deps.metrics.jobDuration.observe({ path: job.path }, (delivered.at - job.acceptedAt) / 1000);
}
