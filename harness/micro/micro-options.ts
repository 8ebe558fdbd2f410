import { OptionValueError } from '../cli.ts';
import {
  DEFAULT_MICRO_BATCH_SEED,
  DEFAULT_MICRO_LATENCY_PROFILE,
  DEFAULT_MICRO_MIN_ITERATIONS,
  DEFAULT_MICRO_TIME_MS,
  DEFAULT_MICRO_WARMUP_ITERATIONS,
  DEFAULT_MICRO_WARMUP_TIME_MS,
} from './micro-defaults.ts';

/** How the micro-benchmarks run. */
export interface MicroOptions {
  /** Time budget per task, ms (`--time-ms`). @default 1000 */
  timeMs?: number;
  /** Warm-up time budget per task, ms (`--warmup-ms`); 0 turns warm-up off. @default 250 */
  warmupTimeMs?: number;
  /** Minimum timed samples per task. @default 64 */
  minIterations?: number;
  /** Minimum warm-up samples per task. @default 16 */
  warmupIterations?: number;
  /** Seed of the simulated batch's durations. @default 1 */
  batchSeed?: number;
  /** Latency profile (name or path) the simulated durations are drawn from. @default 'seed' */
  latencyProfile?: string;
}

export type ResolvedMicroOptions = Readonly<Required<MicroOptions>>;

function integer(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) throw new OptionValueError(`micro option ${name}`, value, `must be an integer >= ${min}`);
  return value;
}

function positive(name: string, value: number, allowZero: boolean): number {
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new OptionValueError(`micro option ${name}`, value, allowZero ? 'must be a number >= 0' : 'must be a number > 0');
  }
  return value;
}

/** Merges the defaults, validates, freezes. Pure. */
export function resolveMicroOptions(options: MicroOptions = {}): ResolvedMicroOptions {
  const latencyProfile = options.latencyProfile ?? DEFAULT_MICRO_LATENCY_PROFILE;
  if (latencyProfile.trim() === '') throw new OptionValueError('micro option latencyProfile', latencyProfile, 'must name a profile');
  return Object.freeze({
    timeMs: positive('timeMs', options.timeMs ?? DEFAULT_MICRO_TIME_MS, false),
    warmupTimeMs: positive('warmupTimeMs', options.warmupTimeMs ?? DEFAULT_MICRO_WARMUP_TIME_MS, true),
    // An rme needs two samples at least.
    minIterations: integer('minIterations', options.minIterations ?? DEFAULT_MICRO_MIN_ITERATIONS, 2),
    warmupIterations: integer('warmupIterations', options.warmupIterations ?? DEFAULT_MICRO_WARMUP_ITERATIONS, 0),
    batchSeed: integer('batchSeed', options.batchSeed ?? DEFAULT_MICRO_BATCH_SEED, 0),
    latencyProfile,
  });
}
