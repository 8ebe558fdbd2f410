import { percentile } from '../stats.ts';
import type { GateReport } from './apply-gate.ts';
import { cellId } from './cell-values.ts';

/**
 * What the gate's proof runs measure: how often the gate fails a run of unchanged code (false
 * alarms), how often it fails the cells a known regression slows (detections), and whether it
 * leaves the cells the regression does not touch alone. Pure summaries of gate reports.
 */
export interface ProofRun {
  experiment: string;
  run: number;
  passed: boolean;
  failing: string[];
  /** Per gated cell: current / baseline and the interval's lower bound. */
  ratios: Record<string, { ratio: number; ciLow: number; status: string }>;
  wallMs: number;
}

export interface ExperimentSummary {
  experiment: string;
  description: string;
  runs: number;
  /** Cells the change is expected to slow (empty for A/A). */
  expected: string[];
  /** Runs in which every expected cell failed (A/A: runs that passed). */
  hits: number;
  /** Per expected cell: runs in which it failed, and its median ratio. */
  perCell: { cell: string; failed: number; medianRatio: number | null; minCiLow: number | null }[];
  /** Runs in which a cell outside the expected set failed (A/A: any failure): false alarms. */
  falseAlarmRuns: number;
  falseAlarmCells: string[];
  /** The largest ratio any unexpected cell reached, and where. */
  worstUnexpected: { cell: string; ratio: number; ciLow: number } | null;
}

export function proofRun(experiment: string, run: number, report: GateReport, wallMs: number): ProofRun {
  const ratios: ProofRun['ratios'] = {};
  for (const c of report.checks) if (c.ratio !== null && c.ci) ratios[`${cellId(c)} p${c.percentile}`] = { ratio: c.ratio, ciLow: c.ci[0], status: c.status };
  return { experiment, run, passed: report.passed, failing: report.checks.filter((c) => c.fails).map((c) => `${cellId(c)} p${c.percentile}`), ratios, wallMs };
}

/** The lower median (nearest rank), or null of no values. */
const median = (xs: number[]) => (xs.length === 0 ? null : percentile(xs, 50));

export function summarizeExperiment(experiment: string, description: string, runs: readonly ProofRun[], expected: readonly string[]): ExperimentSummary {
  const mine = runs.filter((r) => r.experiment === experiment);
  const expectedSet = new Set(expected);
  const perCell = expected.map((cell) => ({
    cell,
    failed: mine.filter((r) => r.failing.includes(cell)).length,
    medianRatio: median(mine.map((r) => r.ratios[cell]?.ratio).filter((x): x is number => x !== undefined)),
    minCiLow: mine.reduce<number | null>((low, r) => (r.ratios[cell] ? Math.min(low ?? Infinity, r.ratios[cell]!.ciLow) : low), null),
  }));
  const unexpected = mine.flatMap((r) => r.failing.filter((c) => !expectedSet.has(c)));
  let worst: ExperimentSummary['worstUnexpected'] = null;
  for (const r of mine) {
    for (const [cell, v] of Object.entries(r.ratios)) if (!expectedSet.has(cell) && (!worst || v.ratio > worst.ratio)) worst = { cell, ratio: v.ratio, ciLow: v.ciLow };
  }
  return {
    experiment,
    description,
    runs: mine.length,
    expected: [...expected],
    hits: expected.length ? mine.filter((r) => expected.every((c) => r.failing.includes(c))).length : mine.filter((r) => r.failing.length === 0).length,
    perCell,
    falseAlarmRuns: mine.filter((r) => r.failing.some((c) => !expectedSet.has(c))).length,
    falseAlarmCells: [...new Set(unexpected)],
    worstUnexpected: worst,
  };
}
