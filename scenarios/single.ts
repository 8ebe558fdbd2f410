import type { ScenarioSpec } from '../harness/scenario-spec.ts';
import { THREE_PATHS } from './paths.ts';

/** One image per request, new to the server each time: the seed's "Single Image" row. */
export default {
  name: 'single',
  description: 'One image per request, each new to the server (a cache miss), on the three paths.',
  // One image at a time, as the seed's row means it: nothing else on the machine competes with it,
  // which also keeps run-to-run noise low enough for the regression gate.
  workloads: [{ name: 'single', send: { kind: 'single' }, variants: [...THREE_PATHS], concurrency: 1 }],
  repetitions: 30,
  warmup: 2,
  thresholds: [
    { workload: 'single', variant: 'optimized', metric: 'notified', percentile: 95, maxMs: 6000 },
    { workload: 'single', variant: 'direct', metric: 'notified', percentile: 95, maxMs: 7000 },
    { workload: 'single', variant: 'workflow', metric: 'notified', percentile: 95, maxMs: 8000 },
    { workload: 'single', variant: 'optimized', metric: 'ack', percentile: 95, maxMs: 500 },
  ],
} satisfies ScenarioSpec;
