import { createHash, randomUUID } from 'node:crypto';
import type { TaskQueue } from '../queue/task-queue.ts';
import type { BatchRecord, ImageRequest, JobRecord } from '../stores/types.ts';
import { IMAGE_WORKFLOW, type ImageWorkflowArgs } from '../workflow/image-workflow.ts';
import type { WorkflowEngine } from '../workflow/workflow-engine.ts';
import type { PipelineDeps } from './deps.ts';
import type { DecodedImage } from './image-check.ts';
import { localDate } from './local-date.ts';
import { runBatch } from './run-batch.ts';
import { runImageJob, type ImageResult } from './run-image-job.ts';
import type { Optimization, PipelinePath, Toggles } from './toggles.ts';

/** A validated request for one image or a batch: nothing is stored before it exists. */
export interface Submission extends ImageRequest {
  path: PipelinePath;
  optimizations: Optimization[];
  toggles: Toggles;
  images: DecodedImage[];
  /** The client's latency salt: joins the image hash in every delay draw, never the cache key. */
  salt?: string;
}

/** A task on the direct path's queue: one image, or a whole batch. */
export type DirectTask =
  | { type: 'image'; jobId: string; image: DecodedImage; toggles: Toggles; enqueuedAt: number; hopMs: number }
  | { type: 'batch'; batchId: string; images: DecodedImage[]; toggles: Toggles; sendNotification: boolean; enqueuedAt: number; hopMs: number };

/**
 * Accepts work and starts it: stores the job records (all of a batch at once), then hands them
 * to the workflow engine or the direct queue, and answers at once with the ids.
 */
export class JobDispatcher {
  constructor(
    private readonly deps: PipelineDeps,
    private readonly engine: WorkflowEngine,
    private readonly queue: TaskQueue<DirectTask>,
  ) {
    queue.process((task) => this.handle(task));
  }

  async submitImage(submission: Submission): Promise<string> {
    const image = submission.images[0] as DecodedImage;
    const job = this.newJob(submission, image);
    await this.deps.jobs.create([job]);
    if (submission.path === 'workflow') {
      await this.startWorkflow(job, image, submission.toggles, true);
    } else {
      await this.enqueue({ type: 'image', jobId: job.id, image, toggles: submission.toggles }, job.contentKey);
    }
    return job.id;
  }

  async submitBatch(submission: Submission): Promise<{ batchId: string; jobIds: string[] }> {
    const batchId = randomUUID();
    const jobs = submission.images.map((image, index) => ({ ...this.newJob(submission, image), batchId, index }));
    const contentKey = createHash('sha256').update(jobs.map((j) => j.contentKey).join(',')).digest('hex');
    const batch: BatchRecord = {
      id: batchId,
      userId: submission.userId,
      path: submission.path,
      optimizations: submission.optimizations,
      jobIds: jobs.map((j) => j.id),
      contentKey,
      status: 'queued',
      acceptedAt: jobs[0]?.acceptedAt ?? this.deps.clock.now(),
    };
    await this.deps.jobs.create(jobs, batch);
    await this.enqueue(
      { type: 'batch', batchId, images: submission.images, toggles: submission.toggles, sendNotification: submission.sendNotification },
      contentKey,
    );
    return { batchId, jobIds: batch.jobIds };
  }

  private newJob(submission: Submission, image: DecodedImage): JobRecord {
    const { userId, timezone, comment, lists, visibility, sendNotification } = submission;
    return {
      id: randomUUID(),
      userId,
      timezone,
      ...(comment === undefined ? {} : { comment }),
      ...(lists === undefined ? {} : { lists }),
      ...(visibility === undefined ? {} : { visibility }),
      sendNotification,
      path: submission.path,
      optimizations: submission.optimizations,
      status: 'queued',
      contentKey: submission.salt ? `${image.sha256}:${submission.salt}` : image.sha256,
      imageSha256: image.sha256,
      acceptedAt: this.deps.clock.now(),
      warnings: [],
      steps: [],
      aiCalls: 0,
      cacheHit: false,
      dedupShared: false,
    };
  }

  private async enqueue(task: Omit<DirectTask, 'enqueuedAt' | 'hopMs'> & Partial<DirectTask>, contentKey: string): Promise<void> {
    const hopMs = this.deps.latency.draw('scheduler.hop', contentKey);
    const full = { ...task, enqueuedAt: this.deps.clock.now(), hopMs } as DirectTask;
    await this.queue.enqueue(full, hopMs * this.deps.options.timeScale);
  }

  /** Starts one image's workflow; resolves once it is started, with a promise of its end. */
  private async startWorkflow(job: JobRecord, image: DecodedImage, toggles: Toggles, individualPush: boolean): Promise<{ finished: Promise<unknown> }> {
    const args: ImageWorkflowArgs = {
      jobId: job.id,
      image: { base64: image.base64, mime: image.mime, sha256: image.sha256 },
      localDate: localDate(this.deps.clock.now(), job.timezone),
      toggles,
      individualPush,
    };
    // Listen before starting, so a workflow that ends at once is not missed.
    const finished = this.engine.waitFor(job.id);
    await this.engine.start(IMAGE_WORKFLOW, args, job.id, job.contentKey);
    // Wrapped: an async function returning a bare promise would wait for it.
    return { finished };
  }

  private async handle(task: DirectTask): Promise<void> {
    const startedAt = this.deps.clock.now();
    const hop = { name: 'scheduler.hop', startAt: task.enqueuedAt, endAt: startedAt, injectedMs: task.hopMs };
    if (task.type === 'image') {
      await this.deps.jobs.appendSteps(task.jobId, [hop]);
      const job = await this.deps.jobs.get(task.jobId);
      if (job) await runImageJob(this.deps, { job, image: task.image, toggles: task.toggles, individualPush: true });
      return;
    }
    const batch = await this.deps.jobs.getBatch(task.batchId);
    if (!batch) return;
    for (const jobId of batch.jobIds) await this.deps.jobs.appendSteps(jobId, [hop]);
    await runBatch(this.deps, batch, task.toggles, task.sendNotification, async (index, individualPush) => {
      const jobId = batch.jobIds[index] as string;
      const image = task.images[index] as DecodedImage;
      // Time spent waiting for a slot in the batch is the batch's schedule, not this image's work.
      await this.deps.jobs.appendSteps(jobId, [{ name: 'batch.wait', startAt: startedAt, endAt: this.deps.clock.now() }]);
      const job = await this.deps.jobs.get(jobId);
      if (!job) return { jobId, status: 'failed', reason: 'internal' };
      if (batch.path !== 'workflow') return runImageJob(this.deps, { job, image, toggles: task.toggles, individualPush });
      const { finished } = await this.startWorkflow(job, image, task.toggles, individualPush);
      await finished;
      return this.resultOf(jobId);
    });
  }

  private async resultOf(jobId: string): Promise<ImageResult> {
    const job = await this.deps.jobs.get(jobId);
    return job?.status === 'succeeded'
      ? { jobId, status: 'succeeded', ...(job.eventId ? { eventId: job.eventId } : {}) }
      : { jobId, status: 'failed', reason: job?.error?.reason ?? 'internal' };
  }
}
