import type { ResultsFile } from '../results.ts';
import { summarizeGate, type GateCheck, type GateReport } from './apply-gate.ts';
import { cellId } from './cell-values.ts';

const key = (c: GateCheck) => `${cellId(c)} p${c.percentile}`;
const pct = (x: number) => `${x >= 1 ? '+' : ''}${((x - 1) * 100).toFixed(1)}%`;

/** The scenarios whose cells regressed: what a confirmation run measures again. Pure. */
export function scenariosToConfirm(report: GateReport): string[] {
  return [...new Set(report.checks.filter((c) => c.status === 'regressed').map((c) => c.scenario))];
}

/**
 * A regressed cell fails the gate only if a second run of its scenario regresses too: a
 * disturbance of the machine seldom strikes the same cell twice, a slower change always does.
 * Cells that do not regress again become `unconfirmed` and pass, said so. Pure.
 */
export function confirmChecks(first: GateReport, second: GateReport): GateReport {
  const again = new Map(second.checks.map((c) => [key(c), c]));
  const checks = first.checks.map((c): GateCheck => {
    if (c.status !== 'regressed') return c;
    const next = again.get(key(c));
    const confirmed = next?.status === 'regressed';
    const measured = next?.ratio != null && next.ci ? `${pct(next.ratio)} (interval ${pct(next.ci[0])} to ${pct(next.ci[1])})` : (next?.detail ?? 'not measured');
    return {
      ...c,
      status: confirmed ? 'regressed' : 'unconfirmed',
      fails: c.fails && confirmed,
      detail: `${c.detail}; ${confirmed ? 'confirmed' : 'not confirmed'} by a second run: ${measured}`,
      confirmation: { ratio: next?.ratio ?? null, ci: next?.ci ?? null, confirmed },
    };
  });
  return summarizeGate({ ...first, checks });
}

/** Gates a run; when cells regress, runs their scenarios again and keeps only what repeats. */
export async function gateWithConfirmation(results: ResultsFile, gate: (r: ResultsFile) => GateReport, rerun: (scenarios: string[]) => Promise<ResultsFile>): Promise<{ report: GateReport; confirmation: ResultsFile | null }> {
  const first = gate(results);
  const scenarios = scenariosToConfirm(first);
  if (scenarios.length === 0) return { report: first, confirmation: null };
  const second = await rerun(scenarios);
  return { report: confirmChecks(first, gate(second)), confirmation: second };
}
