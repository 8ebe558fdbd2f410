import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadLatencyProfile, type LatencyProfile } from '../reference-impl/latency/latency-profile.ts';
import { loadFlyerCatalog } from '../reference-impl/mocks/flyer-catalog.ts';
import { isIanaTimeZone } from '../reference-impl/pipeline/local-date.ts';
import { readRecording, recordingDir } from '../reference-impl/providers/recording.ts';
import type { ResolvedBenchOptions } from './bench-options.ts';
import { buildCost, buildQuality, loadPricing } from './ai-accounting.ts';
import { loadClaims } from './claims.ts';
import { compareWithRecording, profileFromRecording } from './recording-comparison.ts';
import { buildComparisonTable, type ComparisonTable } from './comparison-table.ts';
import { ContractClient } from './contract-client.ts';
import { MIN_UNIT_TIMEOUT_MS } from './defaults.ts';
import { readEnvironment } from './environment.ts';
import { metricByLabel, parsePrometheusText, sumMetric } from './prometheus-text.ts';
import { Recorder, type Progress } from './recorder.ts';
import { buildCells, buildCriticalPath, buildOverhead, buildPairedChanges, failuresByReason, RESULTS_SCHEMA_VERSION, type ResultsFile, type WorkloadSummary } from './results.ts';
import { runUnit, type UnitContext, type User } from './run-unit.ts';
import { loadScenario, type Scenario, type ScenarioSpec, type Workload } from './scenario-spec.ts';
import { startReferenceServer, type ReferenceServer } from './server-process.ts';
import { SseClient } from './sse-client.ts';
import { evaluateThresholds } from './thresholds.ts';
import { PairAllocator, planWorkload, rotationStart, scaledRepetitions, type Unit } from './workload-plan.ts';

export interface BenchRun {
  results: ResultsFile;
  table: ComparisonTable;
  /** Why the run fails, if it does: failed samples, failed thresholds, unaccounted images. */
  problems: string[];
}

interface PlannedWorkload {
  scenario: Scenario;
  workload: Workload;
  repetitions: number;
  concurrency: number;
  warmupUnits: Unit[];
  measuredUnits: Unit[];
}

type Counters = Map<string, number> | null;

async function scrapeMetrics(client: ContractClient): Promise<Counters> {
  const answer = await client.get('/metrics').catch(() => undefined);
  return answer?.status === 200 && typeof answer.body === 'string' ? parsePrometheusText(answer.body) : null;
}

function counterDelta(before: Counters, after: Counters): WorkloadSummary['server'] {
  if (!before || !after) return null;
  const diff = (name: string) => sumMetric(after, name) - sumMetric(before, name);
  const reasonsBefore = metricByLabel(before, 'pipeline_failures_total', 'reason');
  const reasons = Object.fromEntries(
    Object.entries(metricByLabel(after, 'pipeline_failures_total', 'reason'))
      .map(([reason, n]) => [reason, n - (reasonsBefore[reason] ?? 0)] as const)
      .filter(([, n]) => n > 0),
  );
  return {
    aiCalls: diff('pipeline_ai_calls_total'),
    cacheHits: diff('pipeline_cache_hits_total'),
    cacheMisses: diff('pipeline_cache_misses_total'),
    dedupCollapsed: diff('pipeline_dedup_collapsed_total'),
    retries: diff('pipeline_retries_total'),
    failuresByReason: reasons,
  };
}

/** Runs units with `concurrency` users, each taking the next unit in order when it is free. */
async function runPool(context: UnitContext, units: readonly Unit[], users: readonly User[], concurrency: number): Promise<void> {
  let next = 0;
  await Promise.all(
    users.slice(0, concurrency).map(async (user) => {
      while (next < units.length) {
        const unit = units[next++]!;
        await runUnit(context, unit, user);
      }
    }),
  );
}

/** Every scenario's workloads with their units, planned before anything is sent. */
function planRun(options: ResolvedBenchOptions, scenarios: readonly Scenario[], flyerIds: readonly string[]): PlannedWorkload[] {
  const timezones = Intl.supportedValuesOf('timeZone').filter(isIanaTimeZone);
  const pairs = new PairAllocator(timezones);
  const planned: PlannedWorkload[] = [];
  for (const scenario of scenarios) {
    for (const workload of scenario.workloads) {
      const fixed = options.repetitions[`${scenario.name}/${workload.name}`];
      const repetitions = Math.max(1, Math.round((fixed ?? scaledRepetitions(scenario, workload, 1)) * options.repetitionScale));
      const units = planWorkload({ scenario, workload, repetitions, warmup: scenario.warmup, flyerIds, seed: options.seed, offset: rotationStart(scenario.name, workload.name, flyerIds.length) }, pairs);
      planned.push({
        scenario,
        workload,
        repetitions,
        concurrency: Math.min(workload.concurrency, options.maxConcurrency),
        warmupUnits: units.filter((u) => u.warmup),
        measuredUnits: units.filter((u) => !u.warmup),
      });
    }
  }
  return planned;
}

function expectsCacheHit(unit: { kind: string; optimizations?: readonly string[]; path: string }): boolean {
  const cache = unit.optimizations ? unit.optimizations.includes('cache') : unit.path === 'optimized';
  return unit.kind === 'duplicate' && cache;
}

/**
 * A bench run: starts the reference server (or uses the target), runs every workload (warm-up,
 * then measured units with the variants interleaved), and turns the samples into results.
 * Nothing is rendered or logged while it measures; progress goes to `onProgress` only.
 */
export async function runBench(options: ResolvedBenchOptions, specs: Readonly<Record<string, ScenarioSpec>>, onProgress?: (p: Progress) => void): Promise<BenchRun> {
  const scenarios = options.scenarios.map((name) => loadScenario(specs[name], name));
  const catalog = loadFlyerCatalog();
  const events = catalog.events();
  const flyers = new Map(events.map((f) => [f.id, f]));
  const base64 = new Map(events.map((f) => [f.id, catalog.base64(f)]));
  const profile: LatencyProfile | null = options.target ? null : await loadLatencyProfile(options.profile);
  const planned = planRun(options, scenarios, events.map((f) => f.id));
  const runTag = `bench-${process.pid}-${Date.now().toString(36)}`;

  let server: ReferenceServer | undefined;
  if (!options.target) {
    server = await startReferenceServer({
      ...options.serverEnv,
      AI_MODE: options.ai,
      ...(options.record ? { AI_RECORD: options.record } : {}),
      ...(options.ai === 'replay' && options.recording ? { RECORDING: options.recording } : {}),
      RECORDINGS_DIR: options.recordingsDir,
      TIME_SCALE: String(options.timeScale),
      LATENCY_PROFILE: options.profile,
      LATENCY_SEED: String(options.seed),
      ...(options.redisUrl ? { REDIS_URL: options.redisUrl, REDIS_PREFIX: runTag } : {}),
    });
  }
  const url = options.target ?? server!.url;
  const client = new ContractClient(url);
  const users: User[] = [];
  const recorder = new Recorder(onProgress);
  const workloads: WorkloadSummary[] = [];
  const startedAt = new Date().toISOString();
  const started = performance.now();
  let model: string | null = null;
  try {
    const health = await client.get('/healthz').catch(() => undefined);
    model = typeof health?.body?.aiModel === 'string' ? health.body.aiModel : null;
    const userCount = Math.max(...planned.map((p) => p.concurrency));
    for (let i = 0; i < userCount; i++) {
      const userId = `${runTag}-u${i}`;
      users.push({ userId, stream: await SseClient.connect(`${url}/api/notifications/stream?userId=${userId}`) });
    }
    for (const p of planned) recorder.plan(p.warmupUnits.length + p.measuredUnits.length);
    for (const p of planned) {
      const imagesPerUnit = p.workload.send.kind === 'batch' ? p.workload.send.images : 1;
      const context: UnitContext = {
        client,
        recorder,
        flyers,
        base64,
        timeoutMs: Math.max(MIN_UNIT_TIMEOUT_MS, options.unitTimeoutProfileMs * Math.ceil(imagesPerUnit / 5) * options.timeScale),
        primes: new Map(),
        strictEvents: options.ai === 'mock',
      };
      recorder.startWorkload(`${p.scenario.name}/${p.workload.name}`);
      await runPool(context, p.warmupUnits, users, p.concurrency);
      const before = await scrapeMetrics(client);
      const first = recorder.samples.length;
      await runPool(context, p.measuredUnits, users, p.concurrency);
      const after = await scrapeMetrics(client);
      const measured = recorder.samples.slice(first);
      workloads.push({
        scenario: p.scenario.name,
        workload: p.workload.name,
        kind: p.workload.send.kind,
        imagesPerUnit,
        variants: p.workload.variants.map((v) => v.name),
        repetitions: p.repetitions,
        warmup: p.scenario.warmup,
        concurrency: p.concurrency,
        sent: measured.length,
        succeeded: measured.filter((s) => s.outcome === 'succeeded').length,
        failed: measured.filter((s) => s.outcome === 'failed').length,
        timedOut: measured.filter((s) => s.outcome === 'timed-out').length,
        failuresByReason: failuresByReason(measured),
        server: counterDelta(before, after),
        unexpectedCache: measured.filter((s) => s.server?.cacheHit !== null && s.server !== null && s.server.cacheHit !== expectsCacheHit(s)).length,
      });
    }
  } finally {
    for (const user of users) user.stream.close();
    client.close();
    await server?.stop();
  }

  const wallMs = performance.now() - started;
  // A target states its time scale in its job views; the reference server's is the option.
  const timeScale = (options.target ? recorder.samples.find((s) => s.server?.timeScale)?.server?.timeScale : undefined) ?? options.timeScale;
  const cells = buildCells(recorder.samples, recorder.batches, timeScale, options.seed);
  const thresholds = scenarios.flatMap((s) => evaluateThresholds(s.name, s.thresholds, cells));
  const results: ResultsFile = {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    config: {
      ...options,
      scenarios: planned.map((p) => ({ scenario: p.scenario.name, description: p.scenario.description, workload: p.workload, repetitions: p.repetitions, warmup: p.scenario.warmup, concurrency: p.concurrency })),
      profile: options.target ? null : options.profile,
      latencyProfile: profile,
    },
    environment: { ...readEnvironment(), timeScale, profile: options.target ? null : options.profile, seed: options.seed },
    startedAt,
    wallMs,
    timeScale,
    totals: { sent: recorder.sent, succeeded: recorder.succeeded, failed: recorder.failed, timedOut: recorder.timedOut, accountedFor: recorder.accountedFor },
    workloads,
    cells,
    criticalPath: buildCriticalPath(recorder.samples, timeScale),
    overhead: buildOverhead(recorder.samples),
    paired: buildPairedChanges(recorder.samples, recorder.batches, options.seed),
    thresholds,
    samples: recorder.samples,
    batches: recorder.batches,
    ai: { mode: options.ai, model, recording: options.recording, recordedTo: options.record },
    cost: buildCost(recorder.samples, model, loadPricing()),
    quality: buildQuality(recorder.samples),
    recordingComparison: null,
  };
  // A recording: compared with the profile's assumptions, and made into a profile of its own.
  const recordingName = options.record ?? options.recording;
  if (recordingName && profile) {
    const dir = recordingDir(options.recordingsDir, recordingName);
    const { calls } = readRecording(dir);
    results.recordingComparison = { recording: recordingName, profile: profile.name, rows: compareWithRecording(profile, calls) };
    if (options.record) writeFileSync(path.join(dir, 'profile.json'), `${JSON.stringify(profileFromRecording(profile, recordingName, calls), null, 2)}\n`);
  }
  const problems: string[] = [];
  const bad = recorder.samples.filter((s) => s.outcome !== 'succeeded');
  if (bad.length > 0) problems.push(`${bad.length} of ${recorder.sent} images did not succeed: ${Object.entries(failuresByReason(bad)).map(([r, n]) => `${r} ×${n}`).join(', ')}`);
  for (const t of thresholds) if (!t.passed) problems.push(`threshold failed: ${t.detail}`);
  if (!recorder.accountedFor) problems.push(`images unaccounted for: sent ${recorder.sent}, outcomes ${recorder.succeeded + recorder.failed + recorder.timedOut}`);
  return { results, table: buildComparisonTable(loadClaims(), cells), problems };
}
