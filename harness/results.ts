import type { Metric, Threshold } from './scenario-spec.ts';
import type { CostSummary, QualityCell } from './ai-accounting.ts';
import type { RecordingComparisonRow } from './recording-comparison.ts';
import type { BatchSample, Sample } from './samples.ts';
import { bootstrapCi, encodeHistogram, percentile, summarize, type Distribution } from './stats.ts';

/** Bumped whenever a field changes meaning; readers refuse versions they do not know. */
export const RESULTS_SCHEMA_VERSION = 1;

/** The statistics of one metric of one variant: in profile ms (wall / time scale) and in wall ms. */
export interface Cell {
  scenario: string;
  workload: string;
  variant: string;
  metric: Metric;
  profile: Distribution;
  wall: Distribution;
  /** HDR histogram of the wall values (µs, compressed base64): merges across runs at one time scale. */
  histogram: string;
}

/** How far the user's wait is above the injected critical path, per variant of a single-image workload. */
export interface CriticalPathCell {
  scenario: string;
  workload: string;
  variant: string;
  n: number;
  /** Median of notified / critical path, per image. */
  ratioP50: number | null;
  criticalPathP50Ms: number | null;
  notifiedP50Ms: number | null;
}

/** The server's own time per image (wall ms, from its step timings). */
export interface OverheadCell {
  scenario: string;
  workload: string;
  variant: string;
  ownMs: Distribution;
}

/**
 * A variant against the workload's `direct` variant, pair by pair: each image (or batch) is
 * compared with the same repetition's image on direct, which drew the same injected delays.
 */
export interface PairedChange {
  scenario: string;
  workload: string;
  variant: string;
  metric: 'notified' | 'makespan';
  pairs: number;
  /** Median of variant / direct over the pairs; below 1 is faster. */
  medianRatio: number | null;
  ciRatio: [number, number] | null;
}

export interface WorkloadSummary {
  scenario: string;
  workload: string;
  kind: string;
  imagesPerUnit: number;
  variants: string[];
  repetitions: number;
  warmup: number;
  concurrency: number;
  sent: number;
  succeeded: number;
  failed: number;
  timedOut: number;
  failuresByReason: Record<string, number>;
  /** Differences of the server's /metrics over the measured part (primes of duplicates included). */
  server: { aiCalls: number; cacheHits: number; cacheMisses: number; dedupCollapsed: number; retries: number; failuresByReason: Record<string, number> } | null;
  /** Measured samples whose cache use was not what the workload meant (a hit on a "new" image, a miss on a duplicate). */
  unexpectedCache: number;
}

export interface ThresholdResult extends Threshold {
  value: number | null;
  passed: boolean;
  detail: string;
}

export interface ResultsFile {
  schemaVersion: typeof RESULTS_SCHEMA_VERSION;
  config: Record<string, unknown>;
  environment: Record<string, unknown>;
  startedAt: string;
  wallMs: number;
  timeScale: number;
  totals: { sent: number; succeeded: number; failed: number; timedOut: number; accountedFor: boolean };
  workloads: WorkloadSummary[];
  cells: Cell[];
  criticalPath: CriticalPathCell[];
  overhead: OverheadCell[];
  paired: PairedChange[];
  thresholds: ThresholdResult[];
  samples: Sample[];
  batches: BatchSample[];
  /** Where the AI answers came from, which model, and any recording used or made. */
  ai?: { mode: 'mock' | 'openai' | 'replay'; model: string | null; recording: string | null; recordedTo: string | null };
  /** Tokens and money per image, batch and variant, and what the cache saved. */
  cost?: CostSummary;
  /** Created events against their fixtures, field by field, per variant. */
  quality?: QualityCell[];
  /** With a recording: the profile's AI latencies against the recorded ones. */
  recordingComparison?: { recording: string; profile: string; rows: RecordingComparisonRow[] } | null;
}

const key = (s: { scenario: string; workload: string; variant: string }) => `${s.scenario}/${s.workload}/${s.variant}`;

function groupBy<T extends { scenario: string; workload: string; variant: string }>(items: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    let list = groups.get(k);
    if (!list) groups.set(k, (list = []));
    list.push(item);
  }
  return groups;
}

function cell(at: { scenario: string; workload: string; variant: string }, metric: Metric, wallValues: number[], timeScale: number, seed: number): Cell {
  return {
    scenario: at.scenario,
    workload: at.workload,
    variant: at.variant,
    metric,
    profile: summarize(wallValues.map((v) => v / timeScale), { seed }),
    wall: summarize(wallValues, { seed }),
    histogram: encodeHistogram(wallValues),
  };
}

const values = <T>(items: readonly T[], pick: (item: T) => number | null) => items.map(pick).filter((v): v is number => v !== null);

/**
 * The statistics of a run from its samples: latencies of measured, succeeded images (and whole
 * batches) per variant. Failures are counted in the workload summaries, not timed. Pure.
 */
export function buildCells(samples: readonly Sample[], batches: readonly BatchSample[], timeScale: number, seed: number): Cell[] {
  const cells: Cell[] = [];
  for (const group of groupBy(samples.filter((s) => !s.warmup && s.outcome === 'succeeded')).values()) {
    const at = group[0]!;
    cells.push(cell(at, 'ack', values(group, (s) => s.ackMs), timeScale, seed));
    cells.push(cell(at, 'event', values(group, (s) => s.eventMs), timeScale, seed));
    cells.push(cell(at, 'notified', values(group, (s) => s.notifiedMs), timeScale, seed));
  }
  for (const group of groupBy(batches.filter((b) => !b.warmup && b.outcome === 'succeeded')).values()) {
    const at = group[0]!;
    cells.push(cell(at, 'makespan', values(group, (b) => b.makespanMs), timeScale, seed));
    cells.push(cell(at, 'firstResult', values(group, (b) => b.firstResultMs), timeScale, seed));
  }
  return cells;
}

/** Per variant of single-image workloads: the user's wait over the injected critical path. Pure. */
export function buildCriticalPath(samples: readonly Sample[], timeScale: number): CriticalPathCell[] {
  const out: CriticalPathCell[] = [];
  const measured = samples.filter((s) => !s.warmup && s.outcome === 'succeeded' && s.kind === 'single');
  for (const group of groupBy(measured).values()) {
    const at = group[0]!;
    const pairs = group.filter((s) => s.notifiedMs !== null && s.server?.criticalPathMs);
    const ratios = pairs.map((s) => s.notifiedMs! / timeScale / s.server!.criticalPathMs!);
    const p50 = (list: number[]) => summarize(list).p50;
    out.push({
      scenario: at.scenario,
      workload: at.workload,
      variant: at.variant,
      n: pairs.length,
      ratioP50: ratios.length ? p50(ratios) : null,
      criticalPathP50Ms: pairs.length ? p50(pairs.map((s) => s.server!.criticalPathMs!)) : null,
      notifiedP50Ms: pairs.length ? p50(pairs.map((s) => s.notifiedMs! / timeScale)) : null,
    });
  }
  return out;
}

/** The server's own time per image, per variant. Pure. */
export function buildOverhead(samples: readonly Sample[]): OverheadCell[] {
  const measured = samples.filter((s) => !s.warmup && s.outcome === 'succeeded');
  return [...groupBy(measured).values()].map((group) => {
    const at = group[0]!;
    return { scenario: at.scenario, workload: at.workload, variant: at.variant, ownMs: summarize(values(group, (s) => s.server?.ownMs ?? null)) };
  });
}

/** Counts of a workload's measured outcomes by reason. Pure. */
export function failuresByReason(samples: readonly Sample[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of samples) if (s.outcome !== 'succeeded') out[s.reason ?? s.outcome] = (out[s.reason ?? s.outcome] ?? 0) + 1;
  return out;
}

/** Finds a cell. */
export function findCell(cells: readonly Cell[], scenario: string, workload: string, variant: string, metric: Metric): Cell | undefined {
  return cells.find((c) => c.scenario === scenario && c.workload === workload && c.variant === variant && c.metric === metric);
}

/** Every variant of every workload that has a `direct` variant, against it, pair by pair. Pure. */
export function buildPairedChanges(samples: readonly Sample[], batches: readonly BatchSample[], seed: number): PairedChange[] {
  const out: PairedChange[] = [];
  const compare = <T extends { scenario: string; workload: string; variant: string; repetition: number }>(
    items: readonly T[],
    metric: PairedChange['metric'],
    pairKey: (item: T) => string,
    value: (item: T) => number | null,
  ) => {
    const byWorkload = new Map<string, T[]>();
    for (const item of items) {
      const k = `${item.scenario}/${item.workload}`;
      byWorkload.set(k, [...(byWorkload.get(k) ?? []), item]);
    }
    for (const group of byWorkload.values()) {
      const baseline = new Map(group.filter((i) => i.variant === 'direct').map((i) => [pairKey(i), value(i)]));
      if (baseline.size === 0) continue;
      for (const variant of [...new Set(group.map((i) => i.variant))]) {
        const ratios = group
          .filter((i) => i.variant === variant)
          .map((i) => {
            const [v, b] = [value(i), baseline.get(pairKey(i))];
            return v !== null && b !== null && b !== undefined && b > 0 ? v / b : null;
          })
          .filter((r): r is number => r !== null);
        const at = group[0]!;
        out.push({
          scenario: at.scenario,
          workload: at.workload,
          variant,
          metric,
          pairs: ratios.length,
          medianRatio: ratios.length ? percentile(ratios, 50) : null,
          ciRatio: ratios.length >= 5 ? bootstrapCi(ratios, 50, { seed }) : null,
        });
      }
    }
  };
  compare(samples.filter((s) => !s.warmup && s.outcome === 'succeeded'), 'notified', (s) => `${s.repetition}/${s.index}`, (s) => s.notifiedMs);
  compare(batches.filter((b) => !b.warmup && b.outcome === 'succeeded'), 'makespan', (b) => String(b.repetition), (b) => b.makespanMs);
  return out;
}
