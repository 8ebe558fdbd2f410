import type { BatchRecord, StepTiming } from '../stores/types.ts';
import { schedule } from './batch-schedule.ts';
import type { PipelineDeps } from './deps.ts';
import type { ImageResult } from './run-image-job.ts';
import type { Toggles } from './toggles.ts';

/** Runs one image of a batch to its end; `individualPush` is false when the batch gets a summary. */
export type RunBatchImage = (index: number, individualPush: boolean) => Promise<ImageResult>;

/**
 * A batch: its images in the strategy's order, one result each (failures included), then one
 * summary push when the batch is too large for a push per image, then `batch.completed`.
 */
export async function runBatch(
  deps: PipelineDeps,
  batch: BatchRecord,
  toggles: Toggles,
  sendNotification: boolean,
  runImage: RunBatchImage,
): Promise<ImageResult[]> {
  const individualPush = batch.jobIds.length <= deps.options.maxIndividualPushes;
  await deps.jobs.updateBatch(batch.id, { status: 'running' });
  const settled = await schedule(batch.jobIds, toggles.batch, deps.options, (_, index) => runImage(index, individualPush));
  const results = settled.map((s, index): ImageResult =>
    s.status === 'fulfilled' ? s.value : { jobId: batch.jobIds[index] as string, status: 'failed', reason: 'internal' },
  );
  const succeeded = results.filter((r) => r.status === 'succeeded').length;
  const failed = results.length - succeeded;

  const finish = async () => {
    let push: 'sent' | 'failed' | 'skipped' = 'skipped';
    const steps: StepTiming[] = [];
    if (!individualPush && sendNotification) {
      push = await deps.pusher.push(
        {
          userId: batch.userId,
          title: `${succeeded} of ${results.length} events added`,
          body: failed > 0 ? `${failed} image(s) could not be read.` : 'All your images were read.',
          data: { batchId: batch.id },
        },
        batch.contentKey,
        (timing) => steps.push(timing),
      );
    }
    const delivered = await deps.bus.publish(batch.userId, { type: 'batch.completed', batchId: batch.id, succeeded, failed, push }, `${batch.id}:completed`);
    await deps.jobs.updateBatch(batch.id, { notifiedAt: delivered.at, steps });
  };
  if (toggles.asyncNotify) {
    await deps.jobs.updateBatch(batch.id, { status: 'completed', finishedAt: deps.clock.now() });
    deps.background.track(finish());
  } else {
    await finish();
    await deps.jobs.updateBatch(batch.id, { status: 'completed', finishedAt: deps.clock.now() });
  }
  return results;
}
