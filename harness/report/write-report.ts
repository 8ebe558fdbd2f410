import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { loadClaims } from '../claims.ts';
import { buildComparisonTable } from '../comparison-table.ts';
import type { ResultsFile } from '../results.ts';
import { CHART_PLUGINS_SOURCE } from './chart-plugins.ts';
import { chartSpecs } from './chart-specs.ts';
import { extraSections } from './extra-sections.ts';
import { loadHistory, saveToHistory } from './history.ts';
import { renderHtml } from './render-html.ts';
import { renderMarkdown } from './render-markdown.ts';
import { renderPng } from './render-png.ts';
import { reportTables, type ReportTable } from './report-tables.ts';

const HISTORY_RUNS = 8;
export const DEFAULT_HISTORY_DIR = 'reports/runs';
/** The tables a terminal shows at the end of a run; the rest are in the files. */
export const SUMMARY_TABLES = new Set(['comparison', 'ablation-single', 'ablation-batch-20', 'critical-path', 'cache', 'cost', 'quality', 'recording', 'failures', 'thresholds']);

export interface ReportFiles {
  table: string;
  charts: string[];
  html: string;
  history: string | null;
  /** `table.md`'s text, and the tables it holds. */
  markdown: string;
  tables: ReportTable[];
}

function chartJsSource(): string {
  const require = createRequire(import.meta.url);
  // The UMD build is not among the package's exports: it sits beside the CommonJS entry.
  return readFileSync(path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js'), 'utf8');
}

/**
 * Renders a results file into `dir`: `table.md`, `charts/*.png` and a self-contained `index.html`.
 * The run is kept in the history under `historyDir` first (null: keep nothing), so the report
 * shows it beside the runs before it.
 */
export function writeReport(results: ResultsFile, dir: string, historyDir: string | null, gate?: { passed: boolean; lines: string[] }): ReportFiles {
  const history = historyDir ? saveToHistory(results, historyDir) : null;
  const table = buildComparisonTable(loadClaims(), results.cells);
  // The load and micro-benchmark runs' sections, when their results are in the same folder.
  const own = reportTables(results, table, historyDir ? loadHistory(historyDir, HISTORY_RUNS) : []);
  const at = own.findIndex((t) => t.id === 'environment');
  const tables = [...own.slice(0, at), ...extraSections(dir), ...own.slice(at)];
  mkdirSync(path.join(dir, 'charts'), { recursive: true });
  const markdown = renderMarkdown(results, tables);
  const tableFile = path.join(dir, 'table.md');
  writeFileSync(tableFile, markdown);
  const charts = chartSpecs(results, loadClaims()).map((spec) => {
    const png = renderPng(spec);
    const file = path.join(dir, 'charts', `${spec.id}.png`);
    writeFileSync(file, png);
    return { spec, png, file };
  });
  const html = renderHtml({
    results,
    tables,
    charts: charts.map((c) => ({ spec: c.spec, pngBase64: c.png.toString('base64') })),
    chartJsSource: chartJsSource(),
    pluginsSource: CHART_PLUGINS_SOURCE,
    nonce: randomBytes(16).toString('base64'),
    ...(gate ? { gate } : {}),
  });
  const htmlFile = path.join(dir, 'index.html');
  writeFileSync(htmlFile, html);
  return { table: tableFile, charts: charts.map((c) => c.file), html: htmlFile, history, markdown, tables };
}
