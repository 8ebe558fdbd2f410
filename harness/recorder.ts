import type { BatchSample, Sample } from './samples.ts';

export interface Progress {
  done: number;
  total: number;
  /** The workload now running, `scenario/workload`. */
  current: string;
  failed: number;
}

/**
 * A run's state: its samples and counts, in named fields. Every image sent is counted once as
 * succeeded, failed or timed out.
 */
export class Recorder {
  readonly samples: Sample[] = [];
  readonly batches: BatchSample[] = [];
  sent = 0;
  succeeded = 0;
  failed = 0;
  timedOut = 0;
  unitsDone = 0;
  unitsTotal = 0;
  current = '';

  constructor(private readonly onProgress: (progress: Progress) => void = () => {}) {}

  plan(units: number): void {
    this.unitsTotal += units;
  }

  startWorkload(name: string): void {
    this.current = name;
    this.report();
  }

  addSample(sample: Sample): void {
    this.samples.push(sample);
    this.sent++;
    if (sample.outcome === 'succeeded') this.succeeded++;
    else if (sample.outcome === 'failed') this.failed++;
    else this.timedOut++;
  }

  addBatch(batch: BatchSample): void {
    this.batches.push(batch);
  }

  unitDone(): void {
    this.unitsDone++;
    this.report();
  }

  /** Every image sent ended as exactly one outcome. */
  get accountedFor(): boolean {
    return this.sent === this.succeeded + this.failed + this.timedOut && this.sent === this.samples.length;
  }

  private report(): void {
    this.onProgress({ done: this.unitsDone, total: this.unitsTotal, current: this.current, failed: this.failed + this.timedOut });
  }
}
