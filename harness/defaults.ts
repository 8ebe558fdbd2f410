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
      'single/single': 40,
      'batch-5/batch-5': 10,
      'batch-20/batch-20': 5,
      'duplicate/duplicate': 30,
      'ablation/single': 20,
      'ablation/batch-20': 1,
    } as Record<string, number>,
  },
  /** `npm run bench:full`: real time, the scenarios' own repetitions. */
  full: { timeScale: 1, repetitions: {} as Record<string, number> },
} as const;
export type PresetName = keyof typeof PRESETS;

/** The regression gate's defaults (see gate/gate-options.ts for what each means). */
export const DEFAULT_GATE = {
  tolerance: 0.1,
  noiseFloorWallMs: 3,
  percentile: 95 as 50 | 95 | 99,
  confidence: 0.95,
  resamples: 2000,
  seed: 1,
  minPairedShare: 0.9,
  strictEnvironment: false,
  compareChangedConfiguration: false,
};
export const DEFAULT_BASELINE_FILE = 'reports/baseline.json';

/** `npm run bench:load`: sizes that keep the whole load run to a few minutes on a 2-core machine. */
export const DEFAULT_LOAD = {
  sections: ['closed', 'cached', 'open', 'overload'] as string[],
  seed: 1,
  closedConnections: 10,
  closedDurationS: 8,
  cachedCount: 200,
  openRatePerS: 20,
  openDurationS: 20,
  mix: { new: 0.65, duplicate: 0.3, batch: 0.05 },
  batchImages: 5,
  overloadRatesPerS: [20, 40, 80, 160, 320],
  overloadStepS: 8,
  /** The open and overload loads run on this profile and time scale (provider limits included). */
  profile: 'seed',
  timeScale: 0.1,
  /** The server's bound on images in flight during the open and overload loads. */
  maxPendingImages: 200,
  users: 20,
  drainTimeoutMs: 30_000,
  out: 'reports/load.json',
};
