import ablation from './ablation.ts';
import batch20 from './batch-20.ts';
import batch5 from './batch-5.ts';
import duplicate from './duplicate.ts';
import single from './single.ts';
import type { ScenarioSpec } from '../harness/scenario-spec.ts';

/** Every scenario by name, in the order a full run takes them. */
export const SCENARIOS: Readonly<Record<string, ScenarioSpec>> = {
  single,
  'batch-5': batch5,
  'batch-20': batch20,
  duplicate,
  ablation,
};
