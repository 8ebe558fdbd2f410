import { describe, expect, it } from 'vitest';
import { applyGate } from '../harness/gate/apply-gate.ts';
import { buildBaseline } from '../harness/gate/baseline.ts';
import { gateWithConfirmation, scenariosToConfirm } from '../harness/gate/confirm.ts';
import { resolveGateOptions } from '../harness/gate/gate-options.ts';
import type { ResultsFile } from '../harness/results.ts';
import { resultsFixture } from './helpers/results-fixture.ts';

const options = resolveGateOptions({});
const baseline = buildBaseline(resultsFixture());
const gate = (r: ResultsFile) => applyGate(baseline, r, [], options);
const slowed = (factor: number): ResultsFile => {
  const r = resultsFixture();
  r.samples = r.samples.map((s) => (s.scenario === 'single' && s.variant === 'optimized' && s.notifiedMs !== null ? { ...s, notifiedMs: s.notifiedMs * factor } : s));
  return r;
};

describe('a regressed cell', () => {
  it('fails when the second run of its scenario regresses too', async () => {
    const asked: string[][] = [];
    const { report, confirmation } = await gateWithConfirmation(slowed(1.4), gate, async (scenarios) => {
      asked.push(scenarios);
      return slowed(1.4);
    });
    expect(asked).toEqual([['single']]);
    expect(confirmation).not.toBeNull();
    const cell = report.checks.find((c) => c.scenario === 'single' && c.variant === 'optimized')!;
    expect(cell.status).toBe('regressed');
    expect(cell.fails).toBe(true);
    expect(cell.confirmation).toMatchObject({ confirmed: true });
    expect(cell.detail).toMatch(/confirmed by a second run: \+40\.0%/);
    expect(report.passed).toBe(false);
  });

  it('passes, said so, when the second run does not regress (a disturbance of the machine)', async () => {
    const { report } = await gateWithConfirmation(slowed(1.4), gate, async () => slowed(1));
    const cell = report.checks.find((c) => c.scenario === 'single' && c.variant === 'optimized')!;
    expect(cell.status).toBe('unconfirmed');
    expect(cell.fails).toBe(false);
    expect(cell.detail).toMatch(/not confirmed by a second run: \+0\.0%/);
    expect(report.passed).toBe(true);
    expect(report.counts.unconfirmed).toBe(1);
    expect(report.warnings.join('\n')).toMatch(/1 cells regressed in the run but not when measured again/);
  });

  it('is not run again when nothing regressed', async () => {
    let reruns = 0;
    const { report, confirmation } = await gateWithConfirmation(resultsFixture(), gate, async (s) => {
      reruns++;
      return resultsFixture();
    });
    expect(reruns).toBe(0);
    expect(confirmation).toBeNull();
    expect(scenariosToConfirm(report)).toEqual([]);
  });
});
