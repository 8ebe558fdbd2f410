import { buildCells, buildCriticalPath, buildOverhead, buildPairedChanges, failuresByReason, RESULTS_SCHEMA_VERSION, type ResultsFile, type WorkloadSummary } from '../../harness/results.ts';
import type { BatchSample, Sample } from '../../harness/samples.ts';
import { seededRandom } from '../../harness/stats.ts';

export const HOSTILE_EVENT_NAME = '<img src=x onerror="window.__injected=1">';
export const HOSTILE_REASON = 'upstream said <script>window.__injected=2</script>';

const TIME_SCALE = 0.1;

/**
 * A small, fixed results file for renderer tests: the four table scenarios and a two-variant
 * ablation, with known latencies (wall ms at time scale 0.1), one event name and one failure
 * reason that carry markup.
 */
export function resultsFixture(): ResultsFile {
  const random = seededRandom(5);
  const samples: Sample[] = [];
  const batches: BatchSample[] = [];
  const base = { workflow: 400, direct: 300, optimized: 260 } as Record<string, number>;
  const sample = (scenario: string, workload: string, kind: Sample['kind'], variant: string, repetition: number, index: number, notifiedMs: number, extra: Partial<Sample> = {}): Sample => ({
    unit: `${scenario}/${workload}/${variant}/r${repetition}`,
    scenario,
    workload,
    kind,
    variant,
    path: variant === 'workflow' ? 'workflow' : variant === 'optimized' ? 'optimized' : 'direct',
    warmup: false,
    repetition,
    index,
    flyerId: `flyer-${index}`,
    timezone: 'Europe/Paris',
    jobId: `job-${scenario}-${variant}-${repetition}-${index}`,
    eventName: 'Harbor Jazz Night',
    outcome: 'succeeded',
    ackMs: 2,
    eventMs: notifiedMs - 10,
    notifiedMs,
    server: {
      timeScale: TIME_SCALE,
      queueMs: 1,
      eventMs: notifiedMs - 12,
      notifiedMs: notifiedMs - 2,
      ownMs: 1,
      criticalPathMs: 2200,
      cacheHit: kind === 'duplicate' && variant === 'optimized',
      dedupShared: false,
      aiCalls: 2,
      tokens: { prompt: 378, completion: kind === 'duplicate' && variant === 'optimized' ? 0 : 120 },
      breakdownMs: { AI: notifiedMs * 0.7, upload: notifiedMs * 0.1, push: notifiedMs * 0.1, database: 5, 'engine hops': 5, 'cache & dedup': 0, 'batch wait': 0, 'server own': 2 },
    },
    ...extra,
  });
  for (const variant of ['workflow', 'direct', 'optimized']) {
    for (let r = 0; r < 20; r++) {
      samples.push(sample('single', 'single', 'single', variant, r, 0, base[variant]! * (0.8 + 0.4 * random())));
      samples.push(sample('duplicate', 'duplicate', 'duplicate', variant, r, 0, variant === 'optimized' ? 60 + 10 * random() : base[variant]! * (0.8 + 0.4 * random())));
    }
    for (const [scenario, size] of [['batch-5', 5], ['batch-20', 20]] as const) {
      for (let r = 0; r < 5; r++) {
        const per = variant === 'direct' ? 300 : 60;
        const times = Array.from({ length: size }, (_, i) => (variant === 'direct' ? (i + 1) * per : 250 + i * per * 0.5) * (0.9 + 0.2 * random()));
        times.forEach((t, i) => samples.push(sample(scenario, scenario, 'batch', variant, r, i, t)));
        batches.push({ unit: `${scenario}/${scenario}/${variant}/r${r}`, scenario, workload: scenario, variant, warmup: false, repetition: r, batchId: `b-${r}`, images: size, outcome: 'succeeded', ackMs: 3, makespanMs: Math.max(...times) + 5, firstResultMs: Math.min(...times) });
      }
    }
  }
  for (const variant of ['direct', 'direct+parallel']) {
    for (let r = 0; r < 6; r++) samples.push(sample('ablation', 'single', 'single', variant, r, 0, (variant === 'direct' ? 300 : 260) + r));
  }
  samples[0] = { ...samples[0]!, eventName: HOSTILE_EVENT_NAME, notifiedMs: 100_000 }; // the slowest image of all
  samples.push({ ...sample('single', 'single', 'single', 'direct', 99, 0, 0), outcome: 'failed', reason: HOSTILE_REASON, notifiedMs: null, eventMs: null, server: null });

  const workload = (scenario: string, name: string, kind: string, imagesPerUnit: number, variants: string[]): WorkloadSummary => {
    const mine = samples.filter((s) => s.scenario === scenario && s.workload === name);
    return {
      scenario, workload: name, kind, imagesPerUnit, variants, repetitions: 20, warmup: 0, concurrency: 1,
      sent: mine.length,
      succeeded: mine.filter((s) => s.outcome === 'succeeded').length,
      failed: mine.filter((s) => s.outcome === 'failed').length,
      timedOut: 0,
      failuresByReason: failuresByReason(mine),
      server: { aiCalls: 40, cacheHits: kind === 'duplicate' ? 20 : 0, cacheMisses: 20, dedupCollapsed: 0, retries: 0, failuresByReason: {} },
      unexpectedCache: 0,
    };
  };
  const paths = ['workflow', 'direct', 'optimized'];
  const cells = buildCells(samples, batches, TIME_SCALE, 1);
  const failed = samples.filter((s) => s.outcome === 'failed').length;
  return {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    config: { preset: 'ci', timeScale: TIME_SCALE, profile: 'seed', seed: 1, repetitionScale: 1, maxConcurrency: 64, target: null, redisUrl: null, scenarios: [] },
    environment: { node: 'v20.0.0', platform: 'linux', cpuModel: 'test cpu', cpuCount: 2, totalMemoryBytes: 2 ** 34, gitCommit: 'abcdef0123456789', gitDirty: false, time: '2026-12-03T00:00:00.000Z', timeScale: TIME_SCALE, profile: 'seed', seed: 1 },
    startedAt: '2026-12-03T00:00:00.000Z',
    wallMs: 12_345,
    timeScale: TIME_SCALE,
    totals: { sent: samples.length, succeeded: samples.length - failed, failed, timedOut: 0, accountedFor: true },
    workloads: [
      workload('single', 'single', 'single', 1, paths),
      workload('batch-5', 'batch-5', 'batch', 5, paths),
      workload('batch-20', 'batch-20', 'batch', 20, paths),
      workload('duplicate', 'duplicate', 'duplicate', 1, paths),
      workload('ablation', 'single', 'single', 1, ['direct', 'direct+parallel']),
    ],
    cells,
    criticalPath: buildCriticalPath(samples, TIME_SCALE),
    overhead: buildOverhead(samples),
    paired: buildPairedChanges(samples, batches, 1),
    thresholds: [{ workload: 'single', variant: 'optimized', metric: 'notified', percentile: 95, maxMs: 6000, value: 3000, passed: true, detail: 'single/single/optimized notified p95 = 3000 ms <= 6000 ms' }],
    samples,
    batches,
  };
}
