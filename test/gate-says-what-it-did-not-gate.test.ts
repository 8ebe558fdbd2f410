import { describe, expect, it } from 'vitest';
import { applyGate } from '../harness/gate/apply-gate.ts';
import { buildBaseline } from '../harness/gate/baseline.ts';
import { resolveGateOptions } from '../harness/gate/gate-options.ts';
import type { ResultsFile } from '../harness/results.ts';
import { resultsFixture } from './helpers/results-fixture.ts';

const options = resolveGateOptions({});
const baseline = buildBaseline(resultsFixture());
const slower = (patch: (r: ResultsFile) => void = () => {}): ResultsFile => {
  const r = resultsFixture();
  r.samples = r.samples.map((s) => (s.scenario === 'single' && s.variant === 'optimized' && s.notifiedMs !== null ? { ...s, notifiedMs: s.notifiedMs * 1.5 } : s));
  patch(r);
  return r;
};

describe('cells the gate cannot judge', () => {
  it('are reported as not gated with the reason, never passed silently', () => {
    const report = applyGate(baseline, resultsFixture(), [], options);
    const ablation = report.checks.find((c) => c.scenario === 'ablation' && c.variant === 'direct')!;
    expect(ablation.status).toBe('not-gated');
    expect(ablation.detail).toBe('p95 needs 20 samples, has 6 (baseline 6)');
    expect(report.warnings.join('\n')).toMatch(/cells not gated/);
  });

  it('a cell missing from the baseline is not gated, and one the run skipped is listed', () => {
    const partial = { ...baseline, cells: baseline.cells.filter((c) => !(c.scenario === 'duplicate' && c.variant === 'direct')) };
    const report = applyGate(partial, resultsFixture(), [], options);
    expect(report.checks.find((c) => c.scenario === 'duplicate' && c.variant === 'direct')!.detail).toBe('not in the baseline');
    const run = resultsFixture();
    run.samples = run.samples.filter((s) => s.scenario !== 'duplicate');
    const skipped = applyGate(baseline, run, [], options);
    expect(skipped.checks.find((c) => c.scenario === 'duplicate' && c.variant === 'direct')!.detail).toBe('in the baseline, not run now');
  });

  it('a changed configuration is said loudly and its cells are not gated; with nothing gated the gate fails', () => {
    const report = applyGate(baseline, slower((r) => { r.timeScale = 0.2; }), [], options);
    expect(report.configurationDifferences).toEqual(['timeScale: baseline 0.1, now 0.2']);
    expect(report.warnings[0]).toMatch(/^CONFIGURATION DIFFERS/);
    expect(report.counts.regressed + report.counts.unchanged + report.counts.improved).toBe(0);
    expect(report.passed).toBe(false);
    expect(report.failures.at(-1)).toMatch(/no cell could be compared/);
    // An experiment may compare anyway, and says so in every cell.
    const anyway = applyGate(baseline, slower((r) => { r.timeScale = 0.2; }), [], resolveGateOptions({ compareChangedConfiguration: true }));
    expect(anyway.checks.find((c) => c.scenario === 'single' && c.variant === 'optimized')!.detail).toMatch(/compared although configuration differs/);
  });

  it('a different machine is said loudly: regressions are shown but fail only when strict', () => {
    const elsewhere = slower((r) => { r.environment = { ...r.environment, cpuModel: 'another cpu', cpuCount: 8 }; });
    const report = applyGate(baseline, elsewhere, [], options);
    expect(report.environmentDifferences).toEqual(['cpuModel: baseline "test cpu", now "another cpu"', 'cpuCount: baseline 2, now 8']);
    expect(report.trusted).toBe(false);
    expect(report.warnings[0]).toMatch(/^ENVIRONMENT DIFFERS.*do not fail/);
    const cell = report.checks.find((c) => c.scenario === 'single' && c.variant === 'optimized')!;
    expect(cell.status).toBe('regressed');
    expect(cell.fails).toBe(false);
    expect(report.passed).toBe(true);
    const strict = applyGate(baseline, elsewhere, [], resolveGateOptions({ strictEnvironment: true }));
    expect(strict.passed).toBe(false);
  });

  it('a failed absolute threshold fails the gate in the same pass', () => {
    const run = resultsFixture();
    run.thresholds = [{ ...run.thresholds[0]!, passed: false, detail: 'single/single/optimized notified p95 = 7000 ms > 6000 ms' }];
    const report = applyGate(baseline, run, [], options);
    expect(report.passed).toBe(false);
    expect(report.failures).toEqual(['threshold: single/single/optimized notified p95 = 7000 ms > 6000 ms']);
  });

  it('bad gate options fail naming the option', () => {
    expect(() => resolveGateOptions({ tolerance: -1 })).toThrow(/gate option tolerance -1/);
    expect(() => resolveGateOptions({ percentile: 90 as 95 })).toThrow(/percentile 90: must be 50, 95 or 99/);
  });
});
