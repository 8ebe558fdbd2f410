import type { ScenarioSpec } from '../harness/scenario-spec.ts';
import { directWith } from './paths.ts';

const ALONE = [directWith('parallel'), directWith('cache'), directWith('dedup'), directWith('earlyQuery'), directWith('asyncNotify')];

/** Each optimisation alone on the direct path, against none and all: what each is worth. */
export default {
  name: 'ablation',
  description: 'Each optimisation alone on the direct path, between direct (none) and optimized (all), for one image and for a batch of twenty.',
  workloads: [
    {
      name: 'single',
      send: { kind: 'single' },
      variants: [{ name: 'direct', path: 'direct' }, ...ALONE, { name: 'optimized', path: 'optimized' }],
      concurrency: 3,
    },
    {
      name: 'batch-20',
      send: { kind: 'batch', images: 20 },
      variants: [{ name: 'direct', path: 'direct' }, ...ALONE, directWith('pool'), directWith('chunk'), { name: 'optimized', path: 'optimized' }],
      concurrency: 1,
      // Nine variants of a twenty-image batch: the longest workload of all.
      repetitions: 3,
    },
  ],
  repetitions: 20,
  warmup: 0,
  thresholds: [],
} satisfies ScenarioSpec;
