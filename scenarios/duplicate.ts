import type { ScenarioSpec } from '../harness/scenario-spec.ts';
import { THREE_PATHS } from './paths.ts';

/** An image sent again after the server has seen it: the seed's "Duplicate Image" row. */
export default {
  name: 'duplicate',
  description: 'An image and timezone already extracted once (primed on the optimized path, not counted), sent again on the three paths.',
  workloads: [{ name: 'duplicate', send: { kind: 'duplicate' }, variants: [...THREE_PATHS], concurrency: 3 }],
  repetitions: 30,
  warmup: 2,
  thresholds: [
    // A cache hit still uploads and pushes: the AI time is what it saves.
    { workload: 'duplicate', variant: 'optimized', metric: 'notified', percentile: 95, maxMs: 2500 },
    { workload: 'duplicate', variant: 'optimized', metric: 'event', percentile: 50, maxMs: 1500 },
  ],
} satisfies ScenarioSpec;
