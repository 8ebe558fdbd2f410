import type { TaskResult } from 'tinybench';
import type { Distribution } from '../../reference-impl/latency/latency-profile.ts';
import type { ScheduleSizes } from '../../reference-impl/pipeline/batch-schedule.ts';
import type { Environment } from '../environment.ts';
import type { KeyStrategyId, KeyVerdict } from './cache-key-strategies.ts';
import type { ResolvedMicroOptions } from './micro-options.ts';

/** Bumped whenever a field of `MicroResults` changes meaning. */
export const MICRO_SCHEMA_VERSION = 1;

export type MicroGroup = 'cache-key' | 'decode' | 'zod' | 'singleflight' | 'schedule';

/** What a task is, apart from how it runs. */
export interface MicroTaskInfo {
  /** Stable id, e.g. `cache-key.sha256-bytes.large`; also the tinybench task name. */
  id: string;
  group: MicroGroup;
  label: string;
  /** What the call works on. */
  input: string;
  /** Calls per timed sample; a sample's latency is their mean. */
  callsPerSample: number;
  /** For cache-key tasks: the strategy, whose verdict is in `MicroResults.cacheKeys`. */
  keyStrategy?: KeyStrategyId;
}

/** One task's outcome: measured, or why not (recorded, never dropped). */
export type MicroRow = MicroTaskInfo &
  (
    | {
        state: 'completed';
        /** Calls per second: 1 / mean latency (not tinybench's mean of per-sample rates). */
        opsPerSec: number;
        /** Mean latency of one call, ns. */
        meanNs: number;
        /** 99th percentile of the samples, ns per call. */
        p99Ns: number;
        /** Half-width of the 95% interval of the mean, % of the mean. */
        rmePercent: number;
        samples: number;
      }
    | { state: 'errored' | 'not-completed'; error: string }
  );

/** tinybench's view of a task: its name (our id) and its result. */
export interface TinybenchTaskLike {
  name: string;
  result: TaskResult;
}

const NS_PER_MS = 1e6;

/** One row per task, in the tasks' order, from tinybench's results. Pure. */
export function toMicroRows(tasks: readonly MicroTaskInfo[], measured: readonly TinybenchTaskLike[]): MicroRow[] {
  const byName = new Map(measured.map((m) => [m.name, m.result]));
  return tasks.map((info): MicroRow => {
    const result = byName.get(info.id);
    if (!result) return { ...info, state: 'not-completed', error: 'not run' };
    if (result.state === 'errored') return { ...info, state: 'errored', error: result.error.message };
    if (result.state !== 'completed') return { ...info, state: 'not-completed', error: `tinybench state ${result.state}` };
    const latency = result.latency;
    return {
      ...info,
      state: 'completed',
      opsPerSec: latency.mean > 0 ? 1000 / latency.mean : Number.POSITIVE_INFINITY,
      meanNs: latency.mean * NS_PER_MS,
      p99Ns: latency.p99 * NS_PER_MS,
      rmePercent: latency.rme,
      samples: latency.samplesCount,
    };
  });
}

/** A completed row's mean, ns per call, or null. Pure. */
export function meanNs(rows: readonly MicroRow[], id: string): number | null {
  const row = rows.find((r) => r.id === id);
  return row?.state === 'completed' ? row.meanNs : null;
}

/** The singleflight wrapper's own cost: wrapped minus direct, per call. Pure. */
export function singleflightOverhead(rows: readonly MicroRow[], directId: string, wrappedId: string): MicroResults['singleflight'] {
  const directNsPerCall = meanNs(rows, directId);
  const wrappedNsPerCall = meanNs(rows, wrappedId);
  return {
    directNsPerCall,
    wrappedNsPerCall,
    overheadNsPerCall: directNsPerCall === null || wrappedNsPerCall === null ? null : wrappedNsPerCall - directNsPerCall,
  };
}

/** A benchmark image, without its bytes. */
export interface MicroImageInfo {
  id: string;
  mime: string;
  bytes: number;
  base64Chars: number;
}

/** Chunk against pool on one simulated batch. */
export interface BatchMakespan {
  strategy: 'chunk' | 'pool';
  /** `simulateMakespan()`: the pure computation, profile ms. */
  simulatedMs: number;
  /** The project's `schedule()` on a virtual clock, profile ms: equal to `simulatedMs` when the model is right. */
  virtualClockMs: number;
  /** The scheduler's own CPU per batch of zero-duration tasks (tinybench), ns; null if not measured. */
  schedulerNsPerBatch: number | null;
}

/** `reports/micro.json`. */
export interface MicroResults {
  schemaVersion: typeof MICRO_SCHEMA_VERSION;
  kind: 'micro';
  config: ResolvedMicroOptions & { tinybenchVersion: string; timestampProvider: string };
  environment: Environment;
  images: { small: MicroImageInfo; large: MicroImageInfo };
  rows: MicroRow[];
  /** Per cache-key strategy: is it a correct key (found by probing it, see key-probes.ts). */
  cacheKeys: KeyVerdict[];
  singleflight: { directNsPerCall: number | null; wrappedNsPerCall: number | null; overheadNsPerCall: number | null };
  batch: {
    /** Durations are simulated on a virtual clock: no real timers, no wall time. */
    clock: 'virtual';
    tasks: number;
    sizes: ScheduleSizes;
    latencyProfile: string;
    dependency: string;
    distribution: Distribution;
    seed: number;
    durationsMs: number[];
    makespans: BatchMakespan[];
  };
}
