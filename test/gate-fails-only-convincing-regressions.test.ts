import { describe, expect, it } from 'vitest';
import { applyGate, type GateReport } from '../harness/gate/apply-gate.ts';
import { buildBaseline } from '../harness/gate/baseline.ts';
import { resolveGateOptions } from '../harness/gate/gate-options.ts';
import type { ResultsFile } from '../harness/results.ts';
import type { Sample } from '../harness/samples.ts';
import { seededRandom } from '../harness/stats.ts';
import { resultsFixture } from './helpers/results-fixture.ts';

const options = resolveGateOptions({});
const baseline = buildBaseline(resultsFixture());

/** The fixture again, each measured notified time changed by `change` (per sample). */
function rerun(change: (s: Sample) => number, patch: (r: ResultsFile) => ResultsFile = (r) => r): ResultsFile {
  const results = resultsFixture();
  results.samples = results.samples.map((s) => (s.notifiedMs === null || s.warmup ? s : { ...s, notifiedMs: s.notifiedMs * change(s) }));
  return patch(results);
}

const check = (report: GateReport, id: string) => report.checks.find((c) => `${c.scenario}/${c.workload}/${c.variant}` === id && c.metric === 'notified')!;

describe('the regression gate', () => {
  it('passes the same run (A/A), every gated cell unchanged, ratio 1', () => {
    const report = applyGate(baseline, rerun(() => 1), [], options);
    expect(report.passed).toBe(true);
    expect(report.counts.regressed).toBe(0);
    const single = check(report, 'single/single/optimized');
    expect(single.status).toBe('unchanged');
    expect(single.ratio).toBe(1);
    expect(single.paired).toBe(true);
  });

  it('passes a run with a few per cent of noise on every image', () => {
    const random = seededRandom(9);
    const report = applyGate(baseline, rerun(() => 0.97 + 0.06 * random()), [], options);
    expect(report.passed).toBe(true);
    expect(report.counts.regressed).toBe(0);
  });

  it('fails the one cell slowed by 30% and leaves the others passing', () => {
    const report = applyGate(baseline, rerun((s) => (s.scenario === 'single' && s.variant === 'optimized' ? 1.3 : 1)), [], options);
    expect(report.passed).toBe(false);
    expect(report.checks.filter((c) => c.fails).map((c) => `${c.scenario}/${c.workload}/${c.variant}`)).toEqual(['single/single/optimized']);
    const slowed = check(report, 'single/single/optimized');
    expect(slowed.status).toBe('regressed');
    expect(slowed.ratio).toBeCloseTo(1.3, 5);
    expect(slowed.ci![0]).toBeGreaterThan(1.1);
    expect(report.failures[0]).toMatch(/^single\/single\/optimized notified p95: slower by \+30\.0%/);
  });

  it('does not fail a rise within the tolerance, nor one below the noise floor', () => {
    const within = applyGate(baseline, rerun((s) => (s.scenario === 'single' && s.variant === 'optimized' ? 1.08 : 1)), [], options);
    expect(check(within, 'single/single/optimized').status).toBe('unchanged');
    expect(check(within, 'single/single/optimized').detail).toMatch(/within the \+10\.0% tolerance/);
    const floor = applyGate(baseline, rerun((s) => (s.scenario === 'single' && s.variant === 'optimized' ? 1.3 : 1)), [], resolveGateOptions({ noiseFloorWallMs: 1000 }));
    expect(check(floor, 'single/single/optimized').status).toBe('unchanged');
    expect(check(floor, 'single/single/optimized').detail).toMatch(/noise floor/);
  });

  it('does not fail a rise that is large but not convincing: a p95 set by two images', () => {
    // Only the two slowest of twenty images move, by half: the p95 rises by a third, but many
    // resamples hold neither of them and show no change, so the interval reaches down below.
    const cell = resultsFixture().samples.filter((s) => s.scenario === 'single' && s.variant === 'optimized' && s.outcome === 'succeeded');
    const slowest = new Set([...cell].sort((a, b) => b.notifiedMs! - a.notifiedMs!).slice(0, 2).map((s) => s.repetition));
    const report = applyGate(baseline, rerun((s) => (s.scenario === 'single' && s.variant === 'optimized' && slowest.has(s.repetition) ? 1.5 : 1)), [], options);
    const c = check(report, 'single/single/optimized');
    expect(c.ratio!).toBeGreaterThan(1.3);
    expect(c.ci![0]).toBeLessThanOrEqual(1.1);
    expect(c.status).toBe('unchanged');
    expect(c.detail).toMatch(/not convincingly above/);
  });

  it('shows an improvement as improved, and it does not fail', () => {
    const report = applyGate(baseline, rerun((s) => (s.scenario === 'single' && s.variant === 'direct' ? 0.7 : 1)), [], options);
    expect(check(report, 'single/single/direct').status).toBe('improved');
    expect(report.passed).toBe(true);
  });

  it('takes a per-cell tolerance from a scenario threshold', () => {
    const slower = rerun((s) => (s.scenario === 'single' && s.variant === 'optimized' ? 1.3 : 1));
    const report = applyGate(baseline, slower, [{ scenario: 'single', workload: 'single', variant: 'optimized', metric: 'notified', percentile: 95, maxRegression: 0.5 }], options);
    expect(check(report, 'single/single/optimized').tolerance).toBe(0.5);
    expect(check(report, 'single/single/optimized').status).toBe('unchanged');
    expect(report.passed).toBe(true);
  });
});
