/** Every default of the harness, in one place. */

export const DEFAULT_BENCH_PROFILE = 'seed';
export const DEFAULT_BENCH_SEED = 1;
export const DEFAULT_RESULTS_FILE = 'reports/results.json';
/** Profile ms a unit may take per five images before it counts as timed out. */
export const DEFAULT_UNIT_TIMEOUT_PROFILE_MS = 120_000;
/** A floor on the wall-clock timeout, for tiny time scales. */
export const MIN_UNIT_TIMEOUT_MS = 5_000;

export const PRESETS = {
  /**
   * What `npm run bench` runs in CI: every scenario at a time scale and with repetitions that
   * keep the whole run within two minutes on a 2-core machine. At this scale the orchestration's
   * own milliseconds weigh twenty times more in profile terms; the critical-path ratio shows how much.
   */
  ci: {
    timeScale: 0.05,
    repetitions: {
      'single/single': 20,
      'batch-5/batch-5': 10,
      'batch-20/batch-20': 5,
      'duplicate/duplicate': 20,
      'ablation/single': 10,
      'ablation/batch-20': 1,
    } as Record<string, number>,
  },
  /** `npm run bench:full`: real time, the scenarios' own repetitions. */
  full: { timeScale: 1, repetitions: {} as Record<string, number> },
} as const;
export type PresetName = keyof typeof PRESETS;
