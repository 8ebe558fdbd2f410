import type { PipelineDeps } from '../pipeline/deps.ts';
import type { Extraction, ExtractedEvent } from '../pipeline/event-schema.ts';
import { extractStep } from '../pipeline/extract-step.ts';
import { PipelineFailure, toFailure, type FailureReason } from '../pipeline/failure.ts';
import { fromPayload, type ImagePayload } from '../pipeline/image-check.ts';
import { countTodayStep, eventPushMessage, insertEventStep, pushStep } from '../pipeline/image-steps.ts';
import { completeJob, failJob, notifyCreated } from '../pipeline/job-lifecycle.ts';
import { StepLog } from '../pipeline/step-log.ts';
import type { Toggles } from '../pipeline/toggles.ts';
import { validateEvent } from '../pipeline/validate-event.ts';
import type { JobContext } from '../stores/types.ts';
import type { SerializedError } from './journal.ts';
import type { WorkflowContext, WorkflowDefinition } from './workflow-engine.ts';

export const IMAGE_WORKFLOW = 'eventFromImage';

/** The workflow's arguments: stored at start, and (the image) again with each step that needs it. */
export interface ImageWorkflowArgs {
  /** The job's fixed fields, so steps need not read its record. */
  job: JobContext;
  image: ImagePayload;
  /** The user's date when they sent the image: fixed at start so every replay sees the same. */
  localDate: string;
  toggles: Toggles;
  individualPush: boolean;
}

/** What every step is given: the job, and the toggles and push mode it runs with. */
interface StepBase {
  job: JobContext;
  toggles: Toggles;
  individualPush: boolean;
}

interface ImageStepArgs extends StepBase {
  image: ImageWorkflowArgs['image'];
  localDate: string;
  /** A step of the first generation: it marks the job running. */
  first?: boolean;
}

type UploadResult = { url: string | null; error?: string };

/**
 * The workflow function. It acts only through steps, so every replay takes the same path:
 * [extract ‖ upload] (‖ count with earlyQuery) → validate → insert → count → notify, and on any
 * failure a `fail` step that records, pushes and publishes the reason.
 */
async function imageWorkflow(ctx: WorkflowContext, args: ImageWorkflowArgs): Promise<unknown> {
  const { toggles } = args;
  const base: StepBase = { job: args.job, toggles, individualPush: args.individualPush };
  try {
    const early = toggles.earlyQuery ? ctx.step<number | null>('count', { ...base, first: true }) : undefined;
    early?.catch(() => {});
    const imageArgs: ImageStepArgs = { ...base, image: args.image, localDate: args.localDate, first: true };
    let extraction: Extraction;
    let upload: UploadResult;
    if (toggles.parallel) {
      [extraction, upload] = await Promise.all([ctx.step<Extraction>('extract', imageArgs), ctx.step<UploadResult>('upload', imageArgs)]);
    } else {
      extraction = await ctx.step<Extraction>('extract', imageArgs);
      upload = await ctx.step<UploadResult>('upload', imageArgs);
    }
    const event = await ctx.step<ExtractedEvent>('validate', { ...base, event: extraction.event });
    const eventId = await ctx.step<string>('insert', { ...base, extraction: { ...extraction, event }, upload });
    const count = early ? ((await early) ?? 0) + 1 : await ctx.step<number | null>('count', base);
    await ctx.step('notify', { ...base, eventId, name: event.name, count });
    return { eventId };
  } catch (error) {
    const failure = toFailure(error);
    await ctx.step('fail', { ...base, reason: failure.reason, message: failure.message });
    return { failed: failure.reason };
  }
}

/** The workflow and its steps, bound to the pipeline's dependencies. */
export function imageWorkflowDefinition(deps: PipelineDeps): WorkflowDefinition {
  /** Runs a step with a step log, and writes the log whatever happens. */
  async function logged<T>(job: JobContext, work: (log: StepLog) => Promise<T>): Promise<T> {
    const log = new StepLog(deps.jobs, job.id);
    try {
      return await work(log);
    } finally {
      await log.flush();
    }
  }
  async function started(args: { job: JobContext; first?: boolean }): Promise<void> {
    if (args.first) await deps.jobs.update(args.job.id, { status: 'running', startedAt: deps.clock.now() });
  }
  /** The notification steps read the record: one that already notified must not notify twice. */
  async function notifiedAlready(job: JobContext): Promise<boolean> {
    return (await deps.jobs.get(job.id, { steps: false }))?.notifiedAt !== undefined;
  }

  const steps = {
    extract: ({ job, image, localDate, toggles, first }: ImageStepArgs) =>
      logged(job, async (log) => {
        await started({ job, first });
        const request = { image: fromPayload(image), timeZone: job.timezone, localDate, contentKey: job.contentKey };
        const outcome = await extractStep(deps, request, toggles, log.record);
        await deps.jobs.update(job.id, { aiCalls: outcome.aiCalls, cacheHit: outcome.cacheHit, dedupShared: outcome.dedupShared });
        return outcome.extraction;
      }),
    // Never throws: a failed upload keeps the extraction already in the journal.
    upload: ({ job, image, first }: ImageStepArgs) =>
      logged(job, async (log) => {
        await started({ job, first });
        return deps.uploader.upload(fromPayload(image), job.contentKey, log.record);
      }),
    count: (args: StepBase & { first?: boolean }) =>
      logged(args.job, async (log) => {
        await started(args);
        return countTodayStep(deps, args.job, log).catch(() => null);
      }),
    validate: async ({ job, event }: StepBase & { event: ExtractedEvent }) => {
      const check = validateEvent(event, job.timezone);
      if (!check.ok) throw new PipelineFailure(check.reason, check.message);
      return check.event;
    },
    // The job id is the idempotency key: an insert run again after a crash finds its event.
    insert: ({ job, extraction, upload, toggles }: StepBase & { extraction: Extraction; upload: UploadResult }) =>
      logged(job, async (log) => {
        const eventId = await insertEventStep(deps, job, extraction, upload.url, log);
        const warnings = upload.error ? [upload.error] : [];
        if (toggles.asyncNotify) await completeJob(deps, job, eventId, log, warnings);
        else if (warnings.length > 0) await deps.jobs.update(job.id, { warnings });
        return eventId;
      }),
    notify: ({ job, eventId, name, count, toggles, individualPush }: StepBase & { eventId: string; name: string; count: number | null }) =>
      logged(job, async (log) => {
        // Already told (a crash after the notification, before the journal saw it): tell no one twice.
        if (await notifiedAlready(job)) return 'done';
        const push = individualPush ? await pushStep(deps, job, eventPushMessage(job, eventId, name, count ?? 1), log.record) : 'skipped';
        if (!toggles.asyncNotify) {
          const warnings = (await deps.jobs.get(job.id, { steps: false }))?.warnings ?? [];
          await completeJob(deps, job, eventId, log, warnings);
        }
        await notifyCreated(deps, job, eventId, push, log);
        return push;
      }),
    fail: ({ job, reason, message, toggles, individualPush }: StepBase & { reason: FailureReason; message: string }) =>
      logged(job, async (log) => {
        if (await notifiedAlready(job)) return 'done';
        await failJob(deps, job, new PipelineFailure(reason, message), log, toggles.asyncNotify, individualPush);
        return 'done';
      }),
  };

  return {
    run: imageWorkflow as WorkflowDefinition['run'],
    steps: steps as unknown as WorkflowDefinition['steps'],
    reviveError: (error: SerializedError) =>
      new PipelineFailure(error.name === 'PipelineFailure' && error.reason ? (error.reason as FailureReason) : 'internal', error.message),
  };
}
