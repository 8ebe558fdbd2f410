import type { ScenarioSpec } from '../harness/scenario-spec.ts';
import { THREE_PATHS } from './paths.ts';

/** A batch of twenty different images (the client's limit): the seed's "Batch (20 images)" row. */
export default {
  name: 'batch-20',
  description: 'One batch of twenty different images per request, on the three paths.',
  // One batch at a time: twenty images at once already reach the providers' concurrency limits.
  workloads: [{ name: 'batch-20', send: { kind: 'batch', images: 20 }, variants: [...THREE_PATHS], concurrency: 1 }],
  repetitions: 6,
  warmup: 0,
  thresholds: [
    { workload: 'batch-20', variant: 'optimized', metric: 'makespan', percentile: 50, maxMs: 25000 },
    { workload: 'batch-20', variant: 'direct', metric: 'makespan', percentile: 50, maxMs: 90000 },
  ],
} satisfies ScenarioSpec;
