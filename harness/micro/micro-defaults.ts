import { DEFAULT_MAX_BATCH_IMAGES } from '../../reference-impl/defaults.ts';

/**
 * Every default of the micro-benchmarks (`npm run bench:micro`), named, in one place.
 * `micro-options.ts` merges them; nothing else under `harness/micro/` writes a literal default.
 * (They live here rather than in `harness/defaults.ts` so the micro suite stays one folder.)
 */

/**
 * Time budget per tinybench task, ms. Sixteen tasks at this budget plus their warm-up take about
 * twenty seconds on a 2-core machine.
 */
export const DEFAULT_MICRO_TIME_MS = 1000;
/** Warm-up time budget per task, ms (tinybench's own default). */
export const DEFAULT_MICRO_WARMUP_TIME_MS = 250;
/** Minimum timed samples per task, whatever the time budget (tinybench's own default). */
export const DEFAULT_MICRO_MIN_ITERATIONS = 64;
/** Minimum warm-up samples per task (tinybench's own default). */
export const DEFAULT_MICRO_WARMUP_ITERATIONS = 16;
/** Seed of the simulated batch's durations: the same seed gives the same twenty durations. */
export const DEFAULT_MICRO_BATCH_SEED = 1;
/** Latency profile whose distribution the simulated batch draws from. */
export const DEFAULT_MICRO_LATENCY_PROFILE = 'seed';
export const DEFAULT_MICRO_OUT_FILE = 'reports/micro.json';

/** The simulated batch is the client's largest: the server's limit on images per batch. */
export const MICRO_BATCH_TASKS = DEFAULT_MAX_BATCH_IMAGES;
/** Each simulated image lasts one draw of the slower of the two AI calls. */
export const MICRO_BATCH_DEPENDENCY = 'ai.event';
/** The "~40 KB" image is the event fixture whose file size is nearest to this. */
export const MICRO_SMALL_IMAGE_TARGET_BYTES = 40_000;
/** The slice cache key keeps this many leading base64 characters (plus the length). */
export const SLICE_KEY_CHARS = 1000;
