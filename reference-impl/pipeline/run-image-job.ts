import { isStoreOutage } from '../errors.ts';
import type { JobRecord } from '../stores/types.ts';
import type { PipelineDeps } from './deps.ts';
import { extractStep, type ExtractOutcome } from './extract-step.ts';
import { PipelineFailure, toFailure } from './failure.ts';
import type { DecodedImage } from './image-check.ts';
import { countTodayStep, eventPushMessage, insertEventStep, pushStep } from './image-steps.ts';
import { completeJob, failJob, markRunning, notifyCreated } from './job-lifecycle.ts';
import { localDate } from './local-date.ts';
import { StepLog } from './step-log.ts';
import type { Toggles } from './toggles.ts';
import { validateEvent } from './validate-event.ts';

export interface ImageJobInput {
  job: JobRecord;
  image: DecodedImage;
  toggles: Toggles;
  /** False inside batches large enough to get one summary push instead. */
  individualPush: boolean;
}

export interface ImageResult {
  jobId: string;
  status: 'succeeded' | 'failed';
  eventId?: string;
  reason?: string;
}

/**
 * One image on the direct path, with whichever toggles were asked for. Never throws: every
 * image ends as a stored event or a failure with its reason.
 */
export async function runImageJob(deps: PipelineDeps, input: ImageJobInput): Promise<ImageResult> {
  const { job, image, toggles } = input;
  const log = new StepLog(deps.jobs, job.id);
  try {
    await markRunning(deps, job);
    const request = { image, timeZone: job.timezone, localDate: localDate(deps.clock.now(), job.timezone), contentKey: job.contentKey };
    // earlyQuery: the count runs alongside extraction; a failed count only loses the number.
    const earlyCount = toggles.earlyQuery ? countTodayStep(deps, job, log).catch(() => undefined) : undefined;

    let outcome: ExtractOutcome;
    let upload: { url: string | null; error?: string };
    if (toggles.parallel) {
      const [extracted, uploaded] = await Promise.allSettled([
        extractStep(deps, request, toggles, log.record),
        deps.uploader.upload(image, job.contentKey, log.record),
      ]);
      if (extracted.status === 'rejected') throw extracted.reason;
      outcome = extracted.value;
      upload = uploaded.status === 'fulfilled' ? uploaded.value : { url: null, error: String(uploaded.reason) };
    } else {
      outcome = await extractStep(deps, request, toggles, log.record);
      upload = await deps.uploader.upload(image, job.contentKey, log.record);
    }
    await deps.jobs.update(job.id, { aiCalls: outcome.aiCalls, cacheHit: outcome.cacheHit, dedupShared: outcome.dedupShared });

    const check = validateEvent(outcome.extraction.event, job.timezone);
    if (!check.ok) throw new PipelineFailure(check.reason, check.message);
    // An upload that failed keeps the finished AI work: the event is stored without its image.
    const warnings = upload.error ? [upload.error] : [];
    const eventId = await insertEventStep(deps, job, { ...outcome.extraction, event: check.event }, upload.url, log);

    const notify = async () => {
      const count = earlyCount ? ((await earlyCount) ?? 0) + 1 : await countTodayStep(deps, job, log).catch(() => undefined);
      const push = input.individualPush
        ? await pushStep(deps, job, eventPushMessage(job, eventId, check.event.name, count ?? 1), log.record)
        : 'skipped';
      return push;
    };
    if (toggles.asyncNotify) {
      await completeJob(deps, job, eventId, log, warnings);
      deps.background.track(notify().then((push) => notifyCreated(deps, job, eventId, push, log)));
    } else {
      const push = await notify();
      await completeJob(deps, job, eventId, log, warnings);
      await notifyCreated(deps, job, eventId, push, log);
    }
    return { jobId: job.id, status: 'succeeded', eventId };
  } catch (error) {
    // The shared store is down: nothing can be recorded now; the queue runs the job again later.
    if (isStoreOutage(error)) throw error;
    const failure = toFailure(error);
    await failJob(deps, job, failure, log, toggles.asyncNotify, input.individualPush).catch(() => {});
    return { jobId: job.id, status: 'failed', reason: failure.reason };
  }
}
