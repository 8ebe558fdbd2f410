import type { BatchRecord, JobRecord, JobStore, StepTiming } from './types.ts';

/** Jobs and batches in maps; past `maxJobs` the oldest finished jobs are dropped. */
export class MemoryJobStore implements JobStore {
  private readonly jobs = new Map<string, JobRecord>();
  private readonly batches = new Map<string, BatchRecord>();

  constructor(private readonly maxJobs: number) {}

  async create(jobs: readonly JobRecord[], batch?: BatchRecord): Promise<void> {
    for (const job of jobs) this.jobs.set(job.id, { ...job, steps: [...job.steps], warnings: [...job.warnings] });
    if (batch) this.batches.set(batch.id, { ...batch, jobIds: [...batch.jobIds] });
    this.evict();
  }

  async get(id: string, _options?: { steps?: boolean }): Promise<JobRecord | undefined> {
    const job = this.jobs.get(id);
    return job && { ...job, steps: [...job.steps], warnings: [...job.warnings] };
  }

  async update(id: string, patch: Partial<JobRecord>, appendSteps: readonly StepTiming[] = []): Promise<void> {
    const job = this.jobs.get(id);
    if (!job) return;
    Object.assign(job, patch);
    job.steps.push(...appendSteps);
  }

  async appendSteps(id: string, steps: readonly StepTiming[]): Promise<void> {
    this.jobs.get(id)?.steps.push(...steps);
  }

  async getBatch(id: string): Promise<BatchRecord | undefined> {
    const batch = this.batches.get(id);
    return batch && { ...batch };
  }

  async updateBatch(id: string, patch: Partial<BatchRecord>): Promise<void> {
    const batch = this.batches.get(id);
    if (batch) Object.assign(batch, patch);
  }

  /** Jobs held; for tests. */
  get size(): number {
    return this.jobs.size;
  }

  private evict(): void {
    if (this.jobs.size <= this.maxJobs) return;
    // Maps iterate in insertion order: the first finished ones are the oldest.
    for (const [id, job] of this.jobs) {
      if (this.jobs.size <= this.maxJobs) break;
      if (job.status === 'succeeded' || job.status === 'failed') {
        this.jobs.delete(id);
        if (job.batchId) this.batches.delete(job.batchId);
      }
    }
  }
}
