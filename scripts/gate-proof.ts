import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { resolveBenchOptions, type BenchOptions } from '../harness/bench-options.ts';
import { DEFAULT_BASELINE_FILE } from '../harness/defaults.ts';
import { applyGate } from '../harness/gate/apply-gate.ts';
import { gateWithConfirmation } from '../harness/gate/confirm.ts';
import { readBaseline } from '../harness/gate/baseline.ts';
import { cellValues } from '../harness/gate/cell-values.ts';
import { resolveGateOptions } from '../harness/gate/gate-options.ts';
import { proofRun, summarizeExperiment, type ExperimentSummary, type ProofRun } from '../harness/gate/proof.ts';
import { scenarioRegressionThresholds } from '../harness/gate/run-gate.ts';
import { markdownTable } from '../harness/report/render-markdown.ts';
import { runBench } from '../harness/runner.ts';
import { percentile } from '../harness/stats.ts';
import { loadLatencyProfile } from '../reference-impl/latency/latency-profile.ts';
import { SCENARIOS } from '../scenarios/index.ts';

/**
 * The regression gate's proof: runs the CI configuration again and again and gates each run
 * against the baseline. A/A runs change nothing (every failure is a false alarm); regression runs
 * switch one optimisation of the optimized path off (the cells it slows must fail, the others
 * pass); the sweep adds a fixed delay to the database insert, a step on every path's critical
 * path, as a share of the single-image p95, to find the smallest rise the gate reliably catches.
 */
const { values } = parseArgs({
  options: {
    baseline: { type: 'string' },
    aa: { type: 'string' },
    regression: { type: 'string' },
    sweep: { type: 'string' },
    'sweep-runs': { type: 'string' },
    out: { type: 'string' },
    only: { type: 'string' },
  },
});
const baselineFile = values.baseline ?? DEFAULT_BASELINE_FILE;
const aaRuns = Number(values.aa ?? 10);
const regressionRuns = Number(values.regression ?? 10);
const sweepFractions = (values.sweep ?? '0.05,0.08,0.1,0.12,0.15,0.2').split(',').filter(Boolean).map(Number);
const sweepRuns = Number(values['sweep-runs'] ?? 5);
const outDir = values.out ?? 'reports';
// A subset of the experiments (aa, no-parallel, chunk-not-pool, sweep), to finish a proof in parts.
const only = values.only ? new Set(values.only.split(',')) : null;
const wanted = (name: string) => only === null || only.has(name);
const work = path.join('tmp', 'gate-proof');
mkdirSync(work, { recursive: true });
mkdirSync(outDir, { recursive: true });

const baseline = readBaseline(baselineFile);
const gateOptions = resolveGateOptions({});
const runs: ProofRun[] = [];
const summaries: ExperimentSummary[] = [];
const ALL_BUT = (off: string, on = '') => ['parallel', 'cache', 'dedup', 'earlyQuery', 'asyncNotify', 'pool'].filter((o) => o !== off).concat(on ? [on] : []).join(',');
const OPTIMIZED_CELLS = ['single/single', 'batch-5/batch-5', 'batch-20/batch-20', 'ablation/single', 'ablation/batch-20'].map((w) => `${w}/optimized notified p95`);
const log = (line: string) => process.stderr.write(`gate-proof: ${line}\n`);

async function experiment(name: string, description: string, count: number, bench: BenchOptions, expected: string[], compareChanged = false): Promise<void> {
  for (let i = 0; i < count; i++) {
    const options = resolveBenchOptions({ preset: 'ci', ...bench, out: path.join(work, `${name}.json`) }, Object.keys(SCENARIOS));
    const started = performance.now();
    const run = await runBench(options, SCENARIOS);
    const gate = (results: typeof run.results) => applyGate(baseline, results, scenarioRegressionThresholds(results, SCENARIOS), resolveGateOptions({ ...gateOptions, compareChangedConfiguration: compareChanged }));
    // As `npm run bench` does: a regressed cell is measured again before it may fail.
    const { report } = await gateWithConfirmation(run.results, gate, async (scenarios) => (await runBench({ ...options, scenarios }, SCENARIOS)).results);
    const r = proofRun(name, i, report, performance.now() - started);
    runs.push(r);
    // Each run's values, so the gate's rule can be studied again without running again.
    writeFileSync(path.join(work, `cells-${name}-${i}.json`), JSON.stringify({ timeScale: run.results.timeScale, cells: cellValues(run.results.samples, run.results.batches) }));
    if (run.problems.some((p) => !p.startsWith('threshold'))) log(`${name} #${i}: run problems: ${run.problems.join('; ')}`);
    log(`${name} #${i + 1}/${count}: gate ${report.passed ? 'passed' : 'failed'}${r.failing.length ? ` (${r.failing.join(', ')})` : ''}, ${(r.wallMs / 1000).toFixed(0)} s`);
  }
  summaries.push(summarizeExperiment(name, description, runs, expected));
  writeOut();
}

function writeOut(): void {
  const fmt = (x: number | null) => (x === null ? '–' : x.toFixed(3));
  const tables = summaries.map((s) =>
    markdownTable({
      id: s.experiment,
      title: `${s.experiment}: ${s.description}`,
      caption: s.expected.length
        ? `${s.runs} runs; all expected cells failed in ${s.hits}; runs with an unexpected failure: ${s.falseAlarmRuns}${s.falseAlarmCells.length ? ` (${s.falseAlarmCells.join(', ')})` : ''}; largest ratio of an untouched cell ${s.worstUnexpected ? `${fmt(s.worstUnexpected.ratio)} (${s.worstUnexpected.cell}, interval low ${fmt(s.worstUnexpected.ciLow)})` : '–'}`
        : `${s.runs} runs; passed ${s.hits}; false alarms ${s.falseAlarmRuns}${s.falseAlarmCells.length ? ` (${s.falseAlarmCells.join(', ')})` : ''}; largest ratio of any cell ${s.worstUnexpected ? `${fmt(s.worstUnexpected.ratio)} (${s.worstUnexpected.cell}, interval low ${fmt(s.worstUnexpected.ciLow)})` : '–'}`,
      header: ['expected to fail', 'runs failed', 'median ratio', 'lowest interval low'],
      rows: s.perCell.length ? s.perCell.map((c) => [c.cell, `${c.failed} of ${s.runs}`, fmt(c.medianRatio), fmt(c.minCiLow)]) : [['(none: nothing changed)', '–', '–', '–']],
    }),
  );
  const head = `# Regression gate proof\n\nBaseline ${baseline.createdAt} (${baselineFile}); gate: tolerance ${gateOptions.tolerance * 100}%, noise floor ${gateOptions.noiseFloorWallMs} ms wall, ${gateOptions.confidence * 100}% paired bootstrap of the p95 ratio. Measured with \`npm run gate:proof\`.\n`;
  writeFileSync(path.join(outDir, 'gate-proof.md'), `${head}\n${tables.join('\n\n')}\n`);
  writeFileSync(path.join(work, 'gate-proof-runs.json'), `${JSON.stringify({ summaries, runs }, null, 1)}\n`);
}

if (aaRuns > 0 && wanted('aa')) await experiment('aa', 'the same code, run again', aaRuns, {}, []);
if (regressionRuns > 0) {
  if (wanted('no-parallel')) await experiment('no-parallel', 'optimized without parallel (extraction, then upload)', regressionRuns, { serverEnv: { OPTIMIZED_DEFAULTS: ALL_BUT('parallel') } }, OPTIMIZED_CELLS);
  if (wanted('chunk-not-pool')) await experiment('chunk-not-pool', 'optimized batches in chunks of 5 instead of a pool of 5', regressionRuns, { serverEnv: { OPTIMIZED_DEFAULTS: ALL_BUT('pool', 'chunk') } }, ['batch-20/batch-20/optimized notified p95', 'ablation/batch-20/optimized notified p95']);
}
if (sweepFractions.length > 0 && sweepRuns > 0 && wanted('sweep')) {
  const singleP95 = baseline.cells.find((c) => c.scenario === 'single' && c.workload === 'single' && c.variant === 'optimized' && c.metric === 'notified');
  if (!singleP95) throw new Error('the baseline has no single/single/optimized cell to size the sweep by');
  const p95ProfileMs = percentile(Object.values(singleP95.valuesWallMs), 95) / baseline.comparability.timeScale;
  const profile = await loadLatencyProfile(baseline.comparability.profile ?? 'seed');
  for (const fraction of sweepFractions) {
    const extraMs = Math.round(fraction * p95ProfileMs);
    // The same name keeps every draw as it was: only the fixed extra delay differs.
    const slower = { ...profile, description: `${profile.description} With ${extraMs} ms added to every database insert (gate sweep).`, dependencies: { ...profile.dependencies, 'db.insert': { ...profile.dependencies['db.insert'], extraMs } } };
    const file = path.resolve(work, `profile-insert-plus-${extraMs}.json`);
    writeFileSync(file, JSON.stringify(slower));
    const expected = ['workflow', 'direct', 'optimized'].map((v) => `single/single/${v} notified p95`);
    await experiment(`sweep-${Math.round(fraction * 100)}pct`, `${extraMs} ms added to the insert (${(fraction * 100).toFixed(0)}% of the optimized single-image p95, ${Math.round(p95ProfileMs)} ms)`, sweepRuns, { scenarios: ['single'], profile: file }, expected, true);
  }
}
writeOut();
log(`wrote ${path.join(outDir, 'gate-proof.md')}`);
