import type { Claim, Claims } from './claims.ts';
import { findCell, type Cell } from './results.ts';

export type Verdict = 'consistent' | 'faster than claimed' | 'slower than claimed' | 'not claimed' | 'not measured';

export interface TableCell {
  variant: string;
  claim: string;
  n: number;
  p50Ms: number | null;
  p95Ms: number | null;
  ciP50Ms: [number, number] | null;
  notes: string[];
  verdict: Verdict;
}

export interface ComparisonTable {
  source: string;
  columns: string[];
  rows: { label: string; scenario: string; metric: string; cells: TableCell[] }[];
}

/**
 * Compares a measured p50 with a claim. The claim's range is widened by the tolerance when
 * it is approximate (`~`); the p50's confidence interval must lie wholly outside it for the
 * verdict to be faster or slower. Pure.
 */
export function verdictOf(claim: Claim | undefined, tolerance: number, p50: number | null, ciP50: [number, number] | null): Verdict {
  if (!claim || !('lowMs' in claim)) return 'not claimed';
  if (p50 === null) return 'not measured';
  const widen = claim.text.trim().startsWith('~') ? tolerance : 0;
  const low = claim.lowMs * (1 - widen);
  const high = claim.highMs * (1 + widen);
  const [from, to] = ciP50 ?? [p50, p50];
  if (to < low) return 'faster than claimed';
  if (from > high) return 'slower than claimed';
  return 'consistent';
}

/** The seed's comparison table, filled from a run's cells (profile ms). Pure. */
export function buildComparisonTable(claims: Claims, cells: readonly Cell[]): ComparisonTable {
  return {
    source: claims.source,
    columns: claims.columns.map((c) => c.label),
    rows: claims.rows.map((row) => ({
      label: row.label,
      scenario: row.scenario,
      metric: row.metric,
      cells: claims.columns.map(({ variant }) => {
        const claim = row.claims[variant];
        const measured = findCell(cells, row.scenario, row.workload, variant, row.metric)?.profile;
        const p50 = measured?.p50 ?? null;
        const ciP50 = measured?.ciP50 ?? null;
        return {
          variant,
          claim: claim?.text ?? 'N/A',
          n: measured?.n ?? 0,
          p50Ms: p50,
          p95Ms: measured?.p95 ?? null,
          ciP50Ms: ciP50,
          notes: measured?.notes ?? ['not run'],
          verdict: verdictOf(claim, claims.approximateTolerance, p50, ciP50),
        };
      }),
    })),
  };
}
