import type { ScenarioSpec } from '../harness/scenario-spec.ts';
import { THREE_PATHS } from './paths.ts';

/** A batch of five different images: the seed's "Batch (5 images)" row. */
export default {
  name: 'batch-5',
  description: 'One batch of five different images per request, on the three paths.',
  workloads: [{ name: 'batch-5', send: { kind: 'batch', images: 5 }, variants: [...THREE_PATHS], concurrency: 2 }],
  repetitions: 20,
  warmup: 1,
  thresholds: [
    { workload: 'batch-5', variant: 'optimized', metric: 'makespan', percentile: 50, maxMs: 8000 },
    { workload: 'batch-5', variant: 'direct', metric: 'makespan', percentile: 50, maxMs: 25000 },
  ],
} satisfies ScenarioSpec;
