import type { PushMessage } from '../providers/pusher.ts';
import type { JobContext, StepTiming } from '../stores/types.ts';
import type { PipelineDeps } from './deps.ts';
import type { Extraction } from './event-schema.ts';
import type { PipelineFailure } from './failure.ts';
import type { StepLog } from './step-log.ts';

/**
 * The database steps of one image, each a plain function of its dependencies. Their latency
 * comes from the profile (`db.insert`, `db.count`) and is recorded as injected.
 */
export async function insertEventStep(
  deps: PipelineDeps,
  job: JobContext,
  extraction: Extraction,
  imageUrl: string | null,
  log: StepLog,
  idempotencyKey = job.id,
): Promise<string> {
  return log.time(
    'insert',
    async () => {
      const injectedMs = await deps.latency.wait('db.insert', job.contentKey);
      const { id } = await deps.events.insert(
        {
          ...extraction.event,
          metadata: extraction.metadata,
          userId: job.userId,
          imageUrl,
          ...(job.comment === undefined ? {} : { comment: job.comment }),
          ...(job.lists === undefined ? {} : { lists: job.lists }),
          visibility: job.visibility ?? 'private',
        },
        idempotencyKey,
        deps.clock.now(),
      );
      return { id, injectedMs };
    },
    (r) => r.injectedMs,
  ).then((r) => r.id);
}

/** The user's events created today in their time zone (not UTC's today). */
export async function countTodayStep(deps: PipelineDeps, job: JobContext, log: StepLog): Promise<number> {
  return log.time(
    'count',
    async () => {
      const injectedMs = await deps.latency.wait('db.count', job.contentKey);
      return { count: await deps.events.countToday(job.userId, job.timezone, deps.clock.now()), injectedMs };
    },
    (r) => r.injectedMs,
  ).then((r) => r.count);
}

export function eventPushMessage(job: JobContext, eventId: string, name: string, countToday: number): PushMessage {
  return {
    userId: job.userId,
    title: `Added: ${name}`,
    body: countToday === 1 ? 'Your first event today.' : `You have added ${countToday} events today.`,
    data: { jobId: job.id, eventId },
  };
}

export function failurePushMessage(job: JobContext, failure: PipelineFailure): PushMessage {
  return {
    userId: job.userId,
    title: 'Could not add an event from your image',
    body: failure.message,
    data: { jobId: job.id, reason: failure.reason },
  };
}

/** Pushes when the request asked for it; `skipped` otherwise. */
export async function pushStep(
  deps: PipelineDeps,
  job: JobContext,
  message: PushMessage,
  record: (timing: StepTiming) => void,
): Promise<'sent' | 'failed' | 'skipped'> {
  if (!job.sendNotification) return 'skipped';
  return deps.pusher.push(message, job.contentKey, record);
}
