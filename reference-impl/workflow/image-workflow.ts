import type { PipelineDeps } from '../pipeline/deps.ts';
import type { Extraction, ExtractedEvent } from '../pipeline/event-schema.ts';
import { extractStep } from '../pipeline/extract-step.ts';
import { PipelineFailure, toFailure, type FailureReason } from '../pipeline/failure.ts';
import type { DecodedImage, ImageMime } from '../pipeline/image-check.ts';
import { countTodayStep, eventPushMessage, insertEventStep, pushStep } from '../pipeline/image-steps.ts';
import { completeJob, failJob, markRunning, notifyCreated } from '../pipeline/job-lifecycle.ts';
import { StepLog } from '../pipeline/step-log.ts';
import type { Toggles } from '../pipeline/toggles.ts';
import { validateEvent } from '../pipeline/validate-event.ts';
import type { JobRecord } from '../stores/types.ts';
import type { SerializedError } from './journal.ts';
import type { WorkflowContext, WorkflowDefinition } from './workflow-engine.ts';

export const IMAGE_WORKFLOW = 'eventFromImage';

/** The workflow's arguments: stored at start, and (the image) again with each step that needs it. */
export interface ImageWorkflowArgs {
  jobId: string;
  image: { base64: string; mime: ImageMime; sha256: string };
  /** The user's date when they sent the image: fixed at start so every replay sees the same. */
  localDate: string;
  toggles: Toggles;
  individualPush: boolean;
}

/** What every step is given: the job, and the toggles and push mode it runs with. */
interface StepBase {
  jobId: string;
  toggles: Toggles;
  individualPush: boolean;
}

interface ImageStepArgs extends StepBase {
  image: ImageWorkflowArgs['image'];
  localDate: string;
}

type UploadResult = { url: string | null; error?: string };

function decoded(image: ImageWorkflowArgs['image']): DecodedImage {
  return { ...image, bytes: Buffer.from(image.base64, 'base64') };
}

/**
 * The workflow function. It acts only through steps, so every replay takes the same path:
 * [extract ‖ upload] (‖ count with earlyQuery) → validate → insert → count → notify, and on any
 * failure a `fail` step that records, pushes and publishes the reason.
 */
async function imageWorkflow(ctx: WorkflowContext, args: ImageWorkflowArgs): Promise<unknown> {
  const { toggles } = args;
  const base: StepBase = { jobId: args.jobId, toggles, individualPush: args.individualPush };
  try {
    const early = toggles.earlyQuery ? ctx.step<number | null>('count', base) : undefined;
    early?.catch(() => {});
    const imageArgs: ImageStepArgs = { ...base, image: args.image, localDate: args.localDate };
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
  /** Loads the step's job, runs it with a step log, and writes the log whatever happens. */
  async function withJob<T>(jobId: string, work: (job: JobRecord, log: StepLog) => Promise<T>): Promise<T> {
    const job = await deps.jobs.get(jobId);
    if (!job) throw new PipelineFailure('internal', `job ${jobId} is gone`);
    const log = new StepLog(deps.jobs, jobId);
    try {
      return await work(job, log);
    } finally {
      await log.flush();
    }
  }

  const steps = {
    extract: (args: ImageStepArgs) =>
      withJob(args.jobId, async (job, log) => {
        await markRunning(deps, job);
        const request = { image: decoded(args.image), timeZone: job.timezone, localDate: args.localDate, contentKey: job.contentKey };
        const outcome = await extractStep(deps, request, args.toggles, log.record);
        await deps.jobs.update(job.id, { aiCalls: outcome.aiCalls, cacheHit: outcome.cacheHit, dedupShared: outcome.dedupShared });
        return outcome.extraction;
      }),
    // Never throws: a failed upload keeps the extraction already in the journal.
    upload: (args: ImageStepArgs) =>
      withJob(args.jobId, async (job, log) => {
        await markRunning(deps, job);
        return deps.uploader.upload(decoded(args.image), job.contentKey, log.record);
      }),
    count: (args: StepBase) =>
      withJob(args.jobId, async (job, log) => {
        await markRunning(deps, job);
        return countTodayStep(deps, job, log).catch(() => null);
      }),
    validate: (args: StepBase & { event: ExtractedEvent }) =>
      withJob(args.jobId, async (job) => {
        const check = validateEvent(args.event, job.timezone);
        if (!check.ok) throw new PipelineFailure(check.reason, check.message);
        return check.event;
      }),
    // The job id is the idempotency key: an insert run again after a crash finds its event.
    insert: (args: StepBase & { extraction: Extraction; upload: UploadResult }) =>
      withJob(args.jobId, async (job, log) => {
        const eventId = await insertEventStep(deps, job, args.extraction, args.upload.url, log);
        const warnings = args.upload.error ? [args.upload.error] : [];
        if (args.toggles.asyncNotify) await completeJob(deps, job, eventId, log, warnings);
        else if (warnings.length > 0) await deps.jobs.update(job.id, { warnings });
        return eventId;
      }),
    notify: (args: StepBase & { eventId: string; name: string; count: number | null }) =>
      withJob(args.jobId, async (job, log) => {
        // Already told (a crash after the notification, before the journal saw it): tell no one twice.
        if (job.notifiedAt !== undefined) return 'done';
        const push = args.individualPush
          ? await pushStep(deps, job, eventPushMessage(job, args.eventId, args.name, args.count ?? 1), log.record)
          : 'skipped';
        if (!args.toggles.asyncNotify) await completeJob(deps, job, args.eventId, log, job.warnings);
        await notifyCreated(deps, job, args.eventId, push, log);
        return push;
      }),
    fail: (args: StepBase & { reason: FailureReason; message: string }) =>
      withJob(args.jobId, async (job, log) => {
        if (job.notifiedAt !== undefined) return 'done';
        await failJob(deps, job, new PipelineFailure(args.reason, args.message), log, args.toggles.asyncNotify, args.individualPush);
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
