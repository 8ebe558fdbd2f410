import { createHash, randomUUID } from 'node:crypto';
import type { TaskQueue } from '../queue/task-queue.ts';
import { jobContext, type BatchRecord, type ImageRequest, type JobRecord } from '../stores/types.ts';
import { IMAGE_WORKFLOW, type ImageWorkflowArgs } from '../workflow/image-workflow.ts';
import type { WorkflowEngine } from '../workflow/workflow-engine.ts';
import type { PipelineDeps } from './deps.ts';
import { fromPayload, toPayload, type DecodedImage, type ImagePayload } from './image-check.ts';
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

/** A task on the direct path's queue: one image, or a whole batch. JSON-safe, for any queue. */
export type DirectTask =
  | { type: 'image'; jobId: string; image: ImagePayload; toggles: Toggles; enqueuedAt: number; hopMs: number }
  | { type: 'batch'; batchId: string; images: ImagePayload[]; toggles: Toggles; sendNotification: boolean; enqueuedAt: number; hopMs: number };

/**
 * Accepts work and starts it: stores the job records (all of a batch at once), then hands them
 * to the workflow engine or the direct queue, and answers at once with the ids.
 */
export class JobDispatcher {
  constructor(
    private readonly deps: PipelineDeps,
    private readonly engine: WorkflowEngine,
    private readonly queue: TaskQueue<DirectTask>,
  ) {}

  /** Starts running queued tasks in this process. */
  startWorker(): void {
    this.queue.process((task) => this.handle(task));
  }

  async submitImage(submission: Submission): Promise<string> {
    const image = submission.images[0] as DecodedImage;
    const job = this.newJob(submission, image);
    // A slot, then the record: a job must exist before anything can run it.
    await this.admitted([job.id], () => this.deps.jobs.create([job]));
    if (submission.path === 'workflow') {
      await this.startWorkflow(job, toPayload(image), submission.toggles, true);
    } else {
      await this.enqueue({ type: 'image', jobId: job.id, image: toPayload(image), toggles: submission.toggles }, job.contentKey);
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
    await this.admitted(batch.jobIds, () => this.deps.jobs.create(jobs, batch));
    await this.enqueue(
      { type: 'batch', batchId, images: submission.images.map(toPayload), toggles: submission.toggles, sendNotification: submission.sendNotification },
      contentKey,
    );
    return { batchId, jobIds: batch.jobIds };
  }

  /** Takes the jobs' slots for `store`; gives them back if storing fails (nothing was accepted). */
  private async admitted(jobIds: readonly string[], store: () => Promise<void>): Promise<void> {
    this.deps.admission.admit(jobIds);
    try {
      await store();
    } catch (error) {
      for (const id of jobIds) this.deps.admission.release(id);
      throw error;
    }
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

  /** Starts one image's workflow (again: a no-op) and resolves once it is started. */
  private async startWorkflow(job: JobRecord, image: ImagePayload, toggles: Toggles, individualPush: boolean): Promise<void> {
    const args: ImageWorkflowArgs = {
      job: jobContext(job),
      image,
      localDate: localDate(this.deps.clock.now(), job.timezone),
      toggles,
      individualPush,
    };
    await this.engine.start(IMAGE_WORKFLOW, args, job.id, job.contentKey);
  }

  /**
   * Resolves with the job's result once it has notified its user: told by the notification bus,
   * so it works whichever process runs the job.
   */
  private async jobEnd(job: JobRecord): Promise<ImageResult> {
    let unsubscribe = () => {};
    const ended = new Promise<void>((resolve) => {
      void this.deps.bus
        .subscribe(job.userId, (n) => {
          if ((n.type === 'event.created' || n.type === 'event.failed') && n.jobId === job.id) resolve();
        })
        .then((stop) => {
          unsubscribe = stop;
          // Subscribed; the job may have ended before that.
          void this.deps.jobs.get(job.id, { steps: false }).then((now) => now?.notifiedAt !== undefined && resolve());
        });
    });
    await ended;
    unsubscribe();
    return this.resultOf(job.id);
  }

  private async handle(task: DirectTask): Promise<void> {
    const startedAt = this.deps.clock.now();
    const hop = { name: 'scheduler.hop', startAt: task.enqueuedAt, endAt: startedAt, injectedMs: task.hopMs };
    if (task.type === 'image') {
      await this.deps.jobs.appendSteps(task.jobId, [hop]);
      const job = await this.deps.jobs.get(task.jobId, { steps: false });
      if (job) await runImageJob(this.deps, { job, image: fromPayload(task.image), toggles: task.toggles, individualPush: true });
      return;
    }
    const batch = await this.deps.jobs.getBatch(task.batchId);
    if (!batch) return;
    for (const jobId of batch.jobIds) await this.deps.jobs.appendSteps(jobId, [hop]);
    await runBatch(this.deps, batch, task.toggles, task.sendNotification, async (index, individualPush) => {
      const jobId = batch.jobIds[index] as string;
      const image = task.images[index] as ImagePayload;
      // Time spent waiting for a slot in the batch is the batch's schedule, not this image's work.
      await this.deps.jobs.appendSteps(jobId, [{ name: 'batch.wait', startAt: startedAt, endAt: this.deps.clock.now() }]);
      const job = await this.deps.jobs.get(jobId, { steps: false });
      if (!job) return { jobId, status: 'failed', reason: 'internal' };
      // A batch task run again (its worker died) does not redo the images that already ended.
      if (job.notifiedAt !== undefined) return this.resultOf(jobId);
      if (batch.path !== 'workflow') return runImageJob(this.deps, { job, image: fromPayload(image), toggles: task.toggles, individualPush });
      const end = this.jobEnd(job);
      await this.startWorkflow(job, image, task.toggles, individualPush);
      return end;
    });
  }

  private async resultOf(jobId: string): Promise<ImageResult> {
    const job = await this.deps.jobs.get(jobId, { steps: false });
    return job?.status === 'succeeded'
      ? { jobId, status: 'succeeded', ...(job.eventId ? { eventId: job.eventId } : {}) }
      : { jobId, status: 'failed', reason: job?.error?.reason ?? 'internal' };
  }
}
