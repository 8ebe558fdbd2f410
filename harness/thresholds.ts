import { findCell, type Cell, type ThresholdResult } from './results.ts';
import type { Threshold } from './scenario-spec.ts';

/** An absolute threshold: a limit in profile ms on one variant's percentile. */
export type AbsoluteThreshold = Threshold & { variant: string; maxMs: number };
/** A limit on the rise against the baseline, checked by the regression gate. */
export type RegressionThreshold = Threshold & { maxRegression: number };

export const absoluteThresholds = (thresholds: readonly Threshold[]) => thresholds.filter((t): t is AbsoluteThreshold => t.maxMs !== undefined && t.variant !== undefined);
export const regressionThresholds = (thresholds: readonly Threshold[]) => thresholds.filter((t): t is RegressionThreshold => t.maxRegression !== undefined);

/**
 * Checks a scenario's thresholds against the run's cells (profile ms). A threshold whose
 * percentile has too few samples, or no cell at all, fails: it could not be checked. Pure.
 */
export function evaluateThresholds(scenario: string, thresholds: readonly Threshold[], cells: readonly Cell[]): ThresholdResult[] {
  return absoluteThresholds(thresholds).map((t) => {
    const cell = findCell(cells, scenario, t.workload, t.variant, t.metric);
    const name = `${scenario}/${t.workload}/${t.variant} ${t.metric} p${t.percentile}`;
    if (!cell) return { ...t, value: null, passed: false, detail: `${name}: no measured samples` };
    const value = cell.profile[`p${t.percentile}`];
    if (value === null) {
      const why = cell.profile.notes.find((n) => n.startsWith(`p${t.percentile} `)) ?? 'no value';
      return { ...t, value, passed: false, detail: `${name}: not checked, ${why}` };
    }
    const passed = value <= t.maxMs;
    return { ...t, value, passed, detail: `${name} = ${Math.round(value)} ms ${passed ? '<=' : '>'} ${t.maxMs} ms` };
  });
}
