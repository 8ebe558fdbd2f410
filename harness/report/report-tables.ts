import type { ComparisonTable, TableCell } from '../comparison-table.ts';
import type { ResultsFile } from '../results.ts';
import { aiModeText, aiTables } from './ai-tables.ts';
import type { HistoryEntry } from './history.ts';

/**
 * Every table of a report as data (a title, a header, rows of text), so the Markdown and the HTML
 * renderers show the same things. Pure.
 */
export interface ReportTable {
  id: string;
  title: string;
  caption?: string;
  header: string[];
  rows: string[][];
}

export const seconds = (ms: number | null | undefined) => (ms === null || ms === undefined ? '–' : ms >= 10_000 ? (ms / 1000).toFixed(1) : (ms / 1000).toFixed(2));
export const millis = (ms: number | null | undefined) => (ms === null || ms === undefined ? '–' : ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
const percent = (x: number | null) => (x === null || !Number.isFinite(x) ? '–' : `${(x * 100).toFixed(0)}%`);

function comparisonCell(cell: TableCell): string {
  if (cell.n === 0) return `not measured · claim ${cell.claim}`;
  const p95 = cell.p95Ms === null ? `– (n=${cell.n})` : `${seconds(cell.p95Ms)} s`;
  return `${seconds(cell.p50Ms)} s / ${p95} · claim ${cell.claim}: ${cell.verdict}`;
}

export function comparisonTable(table: ComparisonTable, timeScale: number, mode = 'AI: mock'): ReportTable {
  return {
    id: 'comparison',
    title: 'Comparison with the seed',
    caption: `notified p50 / p95 in profile seconds (batches: the whole batch, sent to batch.completed); time scale ${timeScale}; ${mode}; claims from ${table.source}`,
    header: ['Operation', ...table.columns],
    rows: table.rows.map((row) => [row.label, ...row.cells.map(comparisonCell)]),
  };
}

/** A distribution as `p50 / p95`; too few samples for a median show their mean and count. */
function spread(d: { n: number; p50: number | null; p95: number | null; mean: number | null } | undefined): string {
  if (!d || d.n === 0) return '–';
  if (d.p50 === null) return `mean ${seconds(d.mean)} (n=${d.n})`;
  return `${seconds(d.p50)} / ${seconds(d.p95)}`;
}

function change(results: ResultsFile, w: { scenario: string; workload: string }, variant: string, metric: 'notified' | 'makespan'): string {
  const p = results.paired?.find((c) => c.scenario === w.scenario && c.workload === w.workload && c.variant === variant && c.metric === metric);
  if (!p || p.medianRatio === null) return '–';
  const pct = (r: number) => {
    const points = Math.round((r - 1) * 100);
    return `${points > 0 ? '+' : ''}${points}%`;
  };
  return `${pct(p.medianRatio)}${p.ciRatio ? ` (${pct(p.ciRatio[0])} to ${pct(p.ciRatio[1])})` : ` (${p.pairs} pairs)`}`;
}

export function ablationTables(results: ResultsFile): ReportTable[] {
  return results.workloads
    .filter((w) => w.scenario === 'ablation')
    .map((w) => {
      const of = (variant: string, metric: string) => results.cells.find((c) => c.scenario === w.scenario && c.workload === w.workload && c.variant === variant && c.metric === metric)?.profile;
      const batch = w.kind === 'batch';
      return {
        id: `ablation-${w.workload}`,
        title: `Ablation: ${w.workload}`,
        caption: 'each optimisation alone on the direct path; profile seconds, p50 / p95; change against direct: the median of paired ratios (same repetition, same injected delays) with its 95% interval',
        header: batch
          ? ['variant', 'batch makespan', 'makespan vs direct', 'per-image notified', 'images', 'notified vs direct']
          : ['variant', 'notified', 'n', 'notified vs direct'],
        rows: w.variants.map((variant) => {
          const notified = of(variant, 'notified');
          const perImage = [spread(notified), String(notified?.n ?? 0), change(results, w, variant, 'notified')];
          return batch ? [variant, spread(of(variant, 'makespan')), change(results, w, variant, 'makespan'), ...perImage] : [variant, ...perImage];
        }),
      };
    });
}

export function criticalPathTable(results: ResultsFile): ReportTable {
  return {
    id: 'critical-path',
    title: 'Above the critical path',
    caption: 'single images: median of notified over the injected max(AI, upload) + insert + push, profile ms',
    header: ['variant', 'n', 'notified p50', 'critical path p50', 'ratio p50'],
    rows: results.criticalPath.map((c) => [`${c.scenario}/${c.workload}/${c.variant}`, String(c.n), millis(c.notifiedP50Ms), millis(c.criticalPathP50Ms), c.ratioP50 === null ? '–' : c.ratioP50.toFixed(3)]),
  };
}

export function cacheTable(results: ResultsFile): ReportTable {
  return {
    id: 'cache',
    title: 'Cache and dedup',
    caption: "the server's counters over each workload's measured part (a duplicate's primes included); each hit or collapse saves the two AI calls of an image",
    header: ['workload', 'AI calls', 'cache hits', 'misses', 'dedup collapses', 'hit rate', 'AI calls saved', 'collapse ratio'],
    rows: results.workloads.map((w) => {
      const s = w.server;
      if (!s) return [`${w.scenario}/${w.workload}`, '–', '–', '–', '–', '–', '–', '–'];
      const looked = s.cacheHits + s.cacheMisses + s.dedupCollapsed;
      return [
        `${w.scenario}/${w.workload}`,
        String(s.aiCalls),
        String(s.cacheHits),
        String(s.cacheMisses),
        String(s.dedupCollapsed),
        percent(looked ? s.cacheHits / looked : null),
        String(2 * (s.cacheHits + s.dedupCollapsed)),
        percent(s.cacheMisses + s.dedupCollapsed ? s.dedupCollapsed / (s.cacheMisses + s.dedupCollapsed) : null),
      ];
    }),
  };
}

export function failuresTable(results: ResultsFile): ReportTable {
  const rows = results.workloads.flatMap((w) => Object.entries(w.failuresByReason).map(([reason, n]) => [`${w.scenario}/${w.workload}`, reason, String(n)]));
  const t = results.totals;
  return {
    id: 'failures',
    title: 'Outcomes and failures',
    caption: `${t.sent} images sent: ${t.succeeded} succeeded, ${t.failed} failed, ${t.timedOut} timed out${t.accountedFor ? '' : ' (NOT all accounted for)'}`,
    header: ['workload', 'reason', 'images'],
    rows: rows.length ? rows : [['all', 'none failed', '0']],
  };
}

export function thresholdsTable(results: ResultsFile): ReportTable {
  return {
    id: 'thresholds',
    title: 'Thresholds',
    header: ['result', 'threshold'],
    rows: results.thresholds.length ? results.thresholds.map((t) => [t.passed ? 'pass' : 'FAIL', t.detail]) : [['–', 'none']],
  };
}

export function slowestTable(results: ResultsFile, count = 10): ReportTable {
  const slow = results.samples
    .filter((s) => !s.warmup && s.notifiedMs !== null)
    .sort((a, b) => b.notifiedMs! - a.notifiedMs!)
    .slice(0, count);
  return {
    id: 'slowest',
    title: 'Slowest images',
    caption: 'profile seconds from the request to the notification',
    header: ['variant', 'flyer', 'event', 'timezone', 'notified', 'outcome'],
    rows: slow.map((s) => [`${s.scenario}/${s.workload}/${s.variant}`, s.flyerId, s.eventName ?? '–', s.timezone, seconds(s.notifiedMs! / results.timeScale), s.reason ? `${s.outcome}: ${s.reason}` : s.outcome]),
  };
}

export function historyTable(entries: readonly HistoryEntry[]): ReportTable {
  const keys = [...new Set(entries.flatMap((e) => e.cells.map((c) => c.key)))];
  return {
    id: 'history',
    title: 'p95 over the last runs',
    caption: 'profile seconds; each column a run (oldest first), with its commit and time scale; compare runs of one time scale',
    header: ['cell', ...entries.map((e) => `${e.startedAt.slice(0, 16).replace('T', ' ')} ${(e.commit ?? '').slice(0, 7)} ×${e.timeScale}`)],
    rows: keys.map((key) => [key, ...entries.map((e) => seconds(e.cells.find((c) => c.key === key)?.p95 ?? null))]),
  };
}

export function environmentTable(results: ResultsFile): ReportTable {
  const env = results.environment;
  const rows = Object.entries(env).map(([k, v]) => [k, k === 'totalMemoryBytes' ? `${(Number(v) / 2 ** 30).toFixed(1)} GiB` : String(v)]);
  return { id: 'environment', title: 'Environment', header: ['', ''], rows: [...rows, ['wall time', `${(results.wallMs / 1000).toFixed(1)} s`]] };
}

export function configurationTable(results: ResultsFile): ReportTable {
  const c = results.config as Record<string, unknown> & { scenarios?: { scenario: string; workload: { name: string; variants: { name: string }[] }; repetitions: number; warmup: number; concurrency: number }[] };
  const plain = ['preset', 'timeScale', 'profile', 'seed', 'repetitionScale', 'maxConcurrency', 'target', 'redisUrl', 'unitTimeoutProfileMs'].map((k) => [k, JSON.stringify(c[k] ?? null)]);
  const workloads = (c.scenarios ?? []).map((s) => [`${s.scenario}/${s.workload.name}`, `${s.repetitions} repetitions, ${s.warmup} warm-up, ${s.concurrency} in flight; ${s.workload.variants.map((v) => v.name).join(', ')}`]);
  return { id: 'configuration', title: 'Configuration', header: ['', ''], rows: [...plain, ...workloads] };
}

export function cellsTable(results: ResultsFile): ReportTable {
  return {
    id: 'cells',
    title: 'Every cell',
    caption: 'profile ms',
    header: ['variant', 'metric', 'n', 'p50', '95% CI p50', 'p95', '95% CI p95', 'p99', 'max', 'notes'],
    rows: results.cells.map((cell) => {
      const p = cell.profile;
      const ci = (x: [number, number] | null) => (x ? `${millis(x[0])}–${millis(x[1])}` : '–');
      return [`${cell.scenario}/${cell.workload}/${cell.variant}`, cell.metric, String(p.n), millis(p.p50), ci(p.ciP50), millis(p.p95), ci(p.ciP95), millis(p.p99), millis(p.max), p.notes.join('; ')];
    }),
  };
}

/** Every table, in the order a reader wants them. */
export function reportTables(results: ResultsFile, table: ComparisonTable, history: readonly HistoryEntry[]): ReportTable[] {
  return [
    comparisonTable(table, results.timeScale, aiModeText(results)),
    ...ablationTables(results),
    criticalPathTable(results),
    cacheTable(results),
    ...aiTables(results),
    failuresTable(results),
    thresholdsTable(results),
    slowestTable(results),
    ...(history.length > 1 ? [historyTable(history)] : []),
    environmentTable(results),
    configurationTable(results),
    cellsTable(results),
  ];
}
