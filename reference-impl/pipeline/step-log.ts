import type { JobRecord, JobStore, StepTiming } from '../stores/types.ts';

/** Collects one job's step timings as they happen and writes them to the job store in batches. */
export class StepLog {
  private pending: StepTiming[] = [];

  constructor(
    private readonly jobs: JobStore,
    private readonly jobId: string,
  ) {}

  /** Bound, so it can be handed to providers as a callback. */
  readonly record = (timing: StepTiming): void => {
    this.pending.push(timing);
  };

  /** Times `work` as one step named `name`. */
  async time<T>(name: string, work: () => Promise<T>, injectedMs?: (result: T) => number | undefined): Promise<T> {
    const startAt = performance.timeOrigin + performance.now();
    const result = await work();
    this.record({ name, startAt, endAt: performance.timeOrigin + performance.now(), injectedMs: injectedMs?.(result) });
    return result;
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    await this.jobs.appendSteps(this.jobId, this.take());
  }

  /** Writes the timings together with a change to the job: one round trip instead of two. */
  async flushWith(patch: Partial<JobRecord>): Promise<void> {
    await this.jobs.update(this.jobId, patch, this.take());
  }

  private take(): StepTiming[] {
    const steps = this.pending;
    this.pending = [];
    return steps;
  }
}
