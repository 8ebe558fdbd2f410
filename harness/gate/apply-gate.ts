import type { ResultsFile, ThresholdResult } from '../results.ts';
import type { Metric } from '../scenario-spec.ts';
import { MIN_SAMPLES } from '../stats.ts';
import type { RegressionThreshold } from '../thresholds.ts';
import { comparabilityOf, fingerprintOf, type Baseline, type Comparability } from './baseline.ts';
import { cellId, cellValues, type CellValues } from './cell-values.ts';
import type { ResolvedGateOptions } from './gate-options.ts';
import { percentileRatio } from './percentile-ratio.ts';

/** `unconfirmed`: regressed in the run, but not in the second run that measured it again. */
export type CheckStatus = 'regressed' | 'unconfirmed' | 'improved' | 'unchanged' | 'not-gated';

/** One cell's percentile against the baseline's. Times are profile ms (wall / time scale). */
export interface GateCheck {
  scenario: string;
  workload: string;
  variant: string;
  metric: Metric;
  percentile: 50 | 95 | 99;
  tolerance: number;
  status: CheckStatus;
  /** Whether this check fails the gate (a regression the gate trusts). */
  fails: boolean;
  /** Why a cell is not gated, or what decided its status. */
  detail: string;
  n: number;
  paired: boolean | null;
  baselineMs: number | null;
  currentMs: number | null;
  ratio: number | null;
  ci: [number, number] | null;
  /** What a second run measured of a cell that regressed in the first. */
  confirmation?: { ratio: number | null; ci: [number, number] | null; confirmed: boolean };
}

/** A scenario's regression thresholds, as the gate reads them. */
export type ScenarioRegressionThreshold = RegressionThreshold & { scenario: string };

export interface GateReport {
  passed: boolean;
  /** False when the environment differs and the gate was not told to trust it anyway. */
  trusted: boolean;
  /** Why the gate failed, one line each (empty when it passed). */
  failures: string[];
  /** What the reader must know: a different machine, configuration, cells not gated. */
  warnings: string[];
  environmentDifferences: string[];
  configurationDifferences: string[];
  checks: GateCheck[];
  /** The scenarios' absolute thresholds, checked in the same pass. */
  thresholds: ThresholdResult[];
  counts: Record<CheckStatus, number>;
  baseline: { createdAt: string; gitCommit: string | null };
  options: ResolvedGateOptions;
}

function differences(baseline: object, current: object, prefix = ''): string[] {
  const out: string[] = [];
  const b = baseline as Record<string, unknown>;
  const c = current as Record<string, unknown>;
  for (const key of [...new Set([...Object.keys(b), ...Object.keys(c)])]) {
    if (key === 'workloads') continue;
    if (JSON.stringify(b[key]) !== JSON.stringify(c[key])) out.push(`${prefix}${key}: baseline ${JSON.stringify(b[key])}, now ${JSON.stringify(c[key])}`);
  }
  return out;
}

function workloadDifferences(baseline: Comparability, current: Comparability): Map<string, string> {
  const out = new Map<string, string>();
  for (const [workload, hash] of Object.entries(current.workloads)) {
    if (!(workload in baseline.workloads)) out.set(workload, `${workload} is not in the baseline`);
    else if (baseline.workloads[workload] !== hash) out.set(workload, `${workload} is defined differently (what is sent, variants, repetitions, warm-up or concurrency)`);
  }
  return out;
}

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;
const pct = (x: number) => `${x >= 1 ? '+' : ''}${((x - 1) * 100).toFixed(1)}%`;

/**
 * The regression gate: every cell's `notified` percentile (and any metric a scenario's regression
 * threshold names) against the baseline's. A cell fails only when its rise is larger than its
 * tolerance, convincing (the lower bound of the bootstrap interval of current / baseline is above
 * 1 + tolerance), and larger than the noise floor. Too few samples, a cell missing from the
 * baseline, or a changed configuration leave a cell not gated, said so, never passed. Pure.
 */
export function applyGate(baseline: Baseline, results: ResultsFile, thresholds: readonly ScenarioRegressionThreshold[], options: ResolvedGateOptions): GateReport {
  const environmentDifferences = differences(baseline.fingerprint, fingerprintOf(results.environment));
  const current = comparabilityOf(results);
  const globalDifferences = differences(baseline.comparability, current);
  const perWorkload = workloadDifferences(baseline.comparability, current);
  const configurationDifferences = [...globalDifferences, ...perWorkload.values()];
  const trusted = environmentDifferences.length === 0 || options.strictEnvironment;
  const compareChanged = options.compareChangedConfiguration;

  const baseCells = new Map(baseline.cells.map((c) => [cellId(c), c]));
  const currentCells = cellValues(results.samples, results.batches);
  const byId = new Map(currentCells.map((c) => [cellId(c), c]));

  // Every variant's notified at the default percentile, then what the scenarios add or override.
  const wanted = new Map<string, { cell: { scenario: string; workload: string; variant: string; metric: Metric }; percentile: 50 | 95 | 99; tolerance: number }>();
  for (const c of currentCells) if (c.metric === 'notified') wanted.set(`${cellId(c)} p${options.percentile}`, { cell: c, percentile: options.percentile, tolerance: options.tolerance });
  const variantsOf = (scenario: string, workload: string) => [...new Set(currentCells.filter((c) => c.scenario === scenario && c.workload === workload).map((c) => c.variant))];
  for (const t of thresholds) {
    for (const variant of t.variant === undefined ? variantsOf(t.scenario, t.workload) : [t.variant]) {
      const cell = { scenario: t.scenario, workload: t.workload, variant, metric: t.metric };
      wanted.set(`${cellId(cell)} p${t.percentile}`, { cell, percentile: t.percentile, tolerance: t.maxRegression });
    }
  }

  const checks: GateCheck[] = [];
  for (const { cell, percentile, tolerance } of wanted.values()) {
    const id = cellId(cell);
    const base = { ...cell, percentile, tolerance, n: 0, paired: null, baselineMs: null, currentMs: null, ratio: null, ci: null, fails: false } as const;
    const notGated = (detail: string) => checks.push({ ...base, status: 'not-gated', detail });
    const now: CellValues | undefined = byId.get(id);
    const then = baseCells.get(id);
    const changed = perWorkload.get(`${cell.scenario}/${cell.workload}`) ?? (globalDifferences.length ? `configuration differs: ${globalDifferences.join('; ')}` : undefined);
    if (!now) { notGated('no measured samples in this run'); continue; }
    if (!then) { notGated('not in the baseline'); continue; }
    if (changed && !compareChanged) { notGated(changed); continue; }
    const need = MIN_SAMPLES[`p${percentile}`];
    const nNow = Object.keys(now.valuesWallMs).length;
    const nThen = Object.keys(then.valuesWallMs).length;
    if (Math.min(nNow, nThen) < need) { notGated(`p${percentile} needs ${need} samples, has ${nNow} (baseline ${nThen})`); continue; }
    const r = percentileRatio(then.valuesWallMs, now.valuesWallMs, percentile, { seed: options.seed, resamples: options.resamples, confidence: options.confidence, minPairedShare: options.minPairedShare });
    const riseWallMs = r.currentMs - r.baselineMs;
    const scale = (ms: number) => ms / results.timeScale;
    const limit = 1 + tolerance;
    let status: CheckStatus = 'unchanged';
    let detail: string;
    const interval = `${pct(r.ratio)} (95% interval ${pct(r.ci[0])} to ${pct(r.ci[1])})`;
    if (r.ratio > limit && r.ci[0] > limit && riseWallMs > options.noiseFloorWallMs) {
      status = 'regressed';
      detail = `slower by ${interval}: above the ${pct(limit)} tolerance, convincingly`;
    } else if (r.ratio < 1 / limit && r.ci[1] < 1 / limit && -riseWallMs > options.noiseFloorWallMs) {
      status = 'improved';
      detail = `faster by ${interval}`;
    } else {
      const why = r.ratio <= limit ? `within the ${pct(limit)} tolerance` : r.ci[0] <= limit ? `not convincingly above the ${pct(limit)} tolerance` : `below the ${options.noiseFloorWallMs} ms noise floor`;
      detail = `${interval}: ${why}`;
    }
    if (changed) detail += ` [compared although ${changed}]`;
    checks.push({
      ...base,
      status,
      fails: status === 'regressed' && trusted,
      detail,
      n: r.n,
      paired: r.paired,
      baselineMs: round(scale(r.baselineMs)),
      currentMs: round(scale(r.currentMs)),
      ratio: round(r.ratio, 4),
      ci: [round(r.ci[0], 4), round(r.ci[1], 4)],
    });
  }
  for (const then of baseline.cells) {
    if (then.metric === 'notified' && !byId.has(cellId(then)) && !checks.some((c) => cellId(c) === cellId(then))) {
      checks.push({ ...then, percentile: options.percentile, tolerance: options.tolerance, status: 'not-gated', fails: false, detail: 'in the baseline, not run now', n: 0, paired: null, baselineMs: null, currentMs: null, ratio: null, ci: null });
    }
  }

  return summarizeGate({
    trusted,
    environmentDifferences,
    configurationDifferences,
    checks,
    thresholds: results.thresholds,
    baseline: { createdAt: baseline.createdAt, gitCommit: baseline.gitCommit },
    options,
  });
}

/** The verdict, counts, failures and warnings of a set of checks. Pure. */
export function summarizeGate(parts: Omit<GateReport, 'passed' | 'failures' | 'warnings' | 'counts'>): GateReport {
  const { checks, trusted, environmentDifferences, configurationDifferences, options } = parts;
  const counts: Record<CheckStatus, number> = { regressed: 0, unconfirmed: 0, improved: 0, unchanged: 0, 'not-gated': 0 };
  for (const c of checks) counts[c.status]++;
  const failures = [
    ...checks.filter((c) => c.fails).map((c) => `${cellId(c)} p${c.percentile}: ${c.detail}`),
    ...parts.thresholds.filter((t) => !t.passed).map((t) => `threshold: ${t.detail}`),
  ];
  const gated = checks.length - counts['not-gated'];
  if (gated === 0) failures.push('no cell could be compared with the baseline: regenerate it for this configuration (npm run bench:baseline)');
  const warnings: string[] = [];
  if (environmentDifferences.length) {
    warnings.push(`ENVIRONMENT DIFFERS from the baseline's (${environmentDifferences.join('; ')}): ${trusted ? 'regressions fail anyway (strict)' : 'regressions are reported but do not fail; regenerate the baseline on this machine'}`);
  }
  if (configurationDifferences.length) {
    warnings.push(`CONFIGURATION DIFFERS from the baseline's (${configurationDifferences.join('; ')}): ${options.compareChangedConfiguration ? 'compared anyway, on request' : 'those cells are not gated'}`);
  }
  if (counts['not-gated']) warnings.push(`${counts['not-gated']} of ${checks.length} cells not gated (see each one's reason)`);
  if (counts.unconfirmed) warnings.push(`${counts.unconfirmed} cells regressed in the run but not when measured again: not failed (machine noise, most likely)`);
  return { ...parts, passed: failures.length === 0, failures, warnings, counts };
}
