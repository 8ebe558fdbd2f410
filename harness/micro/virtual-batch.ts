import { schedule, type ScheduleSizes } from '../../reference-impl/pipeline/batch-schedule.ts';
import type { BatchStrategy } from '../../reference-impl/pipeline/toggles.ts';
import { VirtualClock } from './virtual-clock.ts';

/**
 * The makespan of the project's own `schedule()` over items that each sleep their duration on a
 * virtual clock: the scheduler's real control flow, with simulated time.
 */
export async function virtualMakespan(durations: readonly number[], strategy: BatchStrategy, sizes: ScheduleSizes): Promise<number> {
  const clock = new VirtualClock();
  const settled = await clock.run(() => schedule(durations, strategy, sizes, (d) => clock.sleep(d)));
  const failed = settled.filter((s) => s.status === 'rejected').length;
  if (failed > 0) throw new Error(`virtualMakespan: ${failed} simulated item(s) failed`);
  return clock.nowMs;
}
