import type { ComparisonTable, TableCell } from './comparison-table.ts';
import type { Cell, ResultsFile } from './results.ts';

/** Renders a run as Markdown text: the comparison table first, then the details. Pure. */

const seconds = (ms: number | null) => (ms === null ? '–' : ms >= 10_000 ? (ms / 1000).toFixed(1) : (ms / 1000).toFixed(2));
const millis = (ms: number | null) => (ms === null ? '–' : ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));

function tableCell(cell: TableCell): string {
  if (cell.n === 0) return `not measured · claim ${cell.claim}`;
  const p95 = cell.p95Ms === null ? `– (n=${cell.n})` : `${seconds(cell.p95Ms)} s`;
  return `${seconds(cell.p50Ms)} s / ${p95} · claim ${cell.claim}: ${cell.verdict}`;
}

function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function renderComparison(table: ComparisonTable, timeScale: number): string {
  return [
    `Comparison table: notified p50 / p95 in profile seconds (batches: the whole batch, sent to batch.completed); time scale ${timeScale}.`,
    `Claims: ${table.source}.`,
    '',
    markdownTable(['Operation', ...table.columns], table.rows.map((row) => [row.label, ...row.cells.map(tableCell)])),
  ].join('\n');
}

/** A distribution as `p50 / p95`; a single sample or too few for a median show their mean and count. */
function spread(d: { n: number; p50: number | null; p95: number | null; mean: number | null } | undefined): string {
  if (!d || d.n === 0) return '–';
  if (d.p50 === null) return `mean ${seconds(d.mean)} (n=${d.n})`;
  return `${seconds(d.p50)} / ${seconds(d.p95)}`;
}

/** Each variant of the ablation against the plain direct path. */
export function renderAblation(results: ResultsFile): string {
  const workloads = results.workloads.filter((w) => w.scenario === 'ablation');
  if (workloads.length === 0) return '';
  const parts = ['Ablation: each optimisation alone on the direct path (profile seconds, p50 / p95; change of the median against direct).', ''];
  for (const w of workloads) {
    const of = (variant: string, metric: string) => results.cells.find((c) => c.scenario === w.scenario && c.workload === w.workload && c.variant === variant && c.metric === metric)?.profile;
    const base = of('direct', 'notified')?.p50 ?? null;
    const rows = w.variants.map((variant) => {
      const notified = of(variant, 'notified');
      const change = base && notified?.p50 ? `${(((notified.p50 - base) / base) * 100).toFixed(0)}%` : '–';
      const batch = w.kind === 'batch' ? [spread(of(variant, 'makespan'))] : [];
      return [variant, ...batch, spread(notified), String(notified?.n ?? 0), change];
    });
    const header = w.kind === 'batch' ? ['variant', 'batch makespan', 'per-image notified', 'images', 'notified p50 vs direct'] : ['variant', 'notified', 'n', 'p50 vs direct'];
    parts.push(`${w.workload}:`, '', markdownTable(header, rows), '');
  }
  return parts.join('\n');
}

function detailRow(cell: Cell): string[] {
  const p = cell.profile;
  const ci = p.ciP50 ? `${millis(p.ciP50[0])}–${millis(p.ciP50[1])}` : '–';
  return [`${cell.scenario}/${cell.workload}/${cell.variant}`, cell.metric, String(p.n), millis(p.p50), ci, millis(p.p95), millis(p.p99), millis(p.max), p.notes.join('; ')];
}

/** The whole run: table, ablation, critical path, thresholds, counts and every cell. */
export function renderReport(results: ResultsFile, table: ComparisonTable): string {
  const { totals } = results;
  const critical = results.criticalPath.map((c) => [`${c.scenario}/${c.workload}/${c.variant}`, String(c.n), millis(c.notifiedP50Ms), millis(c.criticalPathP50Ms), c.ratioP50 === null ? '–' : c.ratioP50.toFixed(3)]);
  const thresholds = results.thresholds.map((t) => `- ${t.passed ? 'pass' : 'FAIL'}: ${t.detail}`);
  const workloads = results.workloads.map((w) => [
    `${w.scenario}/${w.workload}`,
    String(w.sent),
    String(w.succeeded),
    String(w.failed + w.timedOut),
    w.server ? `${w.server.aiCalls} / ${w.server.cacheHits} / ${w.server.dedupCollapsed} / ${w.server.retries}` : '–',
    Object.entries(w.failuresByReason).map(([r, n]) => `${r} ×${n}`).join(', ') || '–',
  ]);
  return [
    `# Bench run ${results.startedAt}`,
    '',
    `Profile \`${String(results.config.profile)}\`, seed ${String(results.config.seed)}, time scale ${results.timeScale}; ${totals.sent} images sent: ${totals.succeeded} succeeded, ${totals.failed} failed, ${totals.timedOut} timed out; wall time ${(results.wallMs / 1000).toFixed(1)} s.`,
    '',
    renderComparison(table, results.timeScale),
    '',
    renderAblation(results),
    'Critical path (single images): median of notified over the injected max(AI, upload) + insert + push, profile ms.',
    '',
    markdownTable(['variant', 'n', 'notified p50', 'critical path p50', 'ratio p50'], critical),
    '',
    'Thresholds:',
    '',
    ...(thresholds.length ? thresholds : ['- none']),
    '',
    'Workloads (server counters over the measured part: AI calls / cache hits / dedup collapses / retries):',
    '',
    markdownTable(['workload', 'sent', 'succeeded', 'failed', 'server', 'failures'], workloads),
    '',
    'Every cell (profile ms):',
    '',
    markdownTable(['variant', 'metric', 'n', 'p50', '95% CI p50', 'p95', 'p99', 'max', 'notes'], results.cells.map(detailRow)),
    '',
  ].join('\n');
}
