import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderReport } from './render-markdown.ts';
import type { BenchRun } from './runner.ts';

/** Writes a run's results file and, beside it, its Markdown report; returns both paths and the report. */
export function writeResults(run: BenchRun, out: string): { resultsFile: string; reportFile: string; report: string } {
  const report = renderReport(run.results, run.table);
  mkdirSync(path.dirname(out), { recursive: true });
  const reportFile = out.replace(/\.json$/, '') + '.md';
  writeFileSync(out, `${JSON.stringify(run.results, null, 1)}\n`);
  writeFileSync(reportFile, report);
  return { resultsFile: out, reportFile, report };
}
