import { markdownCell } from '../report/render-markdown.ts';
import { cellId } from './cell-values.ts';
import type { GateCheck, GateReport } from './apply-gate.ts';

const ORDER: Record<GateCheck['status'], number> = { regressed: 0, unconfirmed: 1, improved: 2, 'not-gated': 3, unchanged: 4 };
const ms = (x: number | null) => (x === null ? '–' : x >= 100 ? x.toFixed(0) : x.toFixed(1));
const ratioText = (c: GateCheck) => (c.ratio === null ? '–' : `${c.ratio.toFixed(3)} (${c.ci![0].toFixed(3)}–${c.ci![1].toFixed(3)})`);
const statusText = (c: GateCheck) => (c.status === 'regressed' ? (c.fails ? 'REGRESSED' : 'regressed (not trusted)') : c.status);

/** One line saying how the gate ended. Pure. */
export function gateHeadline(report: GateReport): string {
  const { counts } = report;
  const verdict = report.passed ? 'passed' : 'FAILED';
  return `Regression gate ${verdict}: ${counts.regressed} regressed, ${counts.unconfirmed} not confirmed, ${counts.improved} improved, ${counts.unchanged} unchanged, ${counts['not-gated']} not gated; ${report.thresholds.filter((t) => !t.passed).length} of ${report.thresholds.length} absolute thresholds failed`;
}

/** What the HTML report shows of the gate: the headline's details, one line each. Pure. */
export function gateLines(report: GateReport): string[] {
  return [
    ...report.warnings,
    ...report.failures.map((f) => `fails: ${f}`),
    ...report.checks.filter((c) => c.status === 'improved').map((c) => `improved: ${cellId(c)} p${c.percentile}: ${c.detail}`),
  ];
}

/** The gate's Markdown summary (for a pull request or `$GITHUB_STEP_SUMMARY`). Pure. */
export function renderGateMarkdown(report: GateReport): string {
  const o = report.options;
  const rows = [...report.checks]
    .sort((a, b) => ORDER[a.status] - ORDER[b.status] || (b.ratio ?? 0) - (a.ratio ?? 0))
    .map((c) => `| ${[statusText(c), `${cellId(c)} p${c.percentile}`, ms(c.baselineMs), ms(c.currentMs), ratioText(c), `${(c.tolerance * 100).toFixed(0)}%`, String(c.n), c.detail].map(markdownCell).join(' | ')} |`);
  const thresholds = report.thresholds.map((t) => `| ${t.passed ? 'pass' : 'FAIL'} | ${markdownCell(t.detail)} |`);
  return [
    `## ${gateHeadline(report)}`,
    '',
    ...report.warnings.map((w) => `> **${markdownCell(w)}**`),
    ...(report.warnings.length ? [''] : []),
    ...report.failures.map((f) => `- fails: ${markdownCell(f)}`),
    ...(report.failures.length ? [''] : []),
    `Baseline ${report.baseline.createdAt} (commit ${(report.baseline.gitCommit ?? 'unknown').slice(0, 12)}). A cell fails when its p${o.percentile} (Harrell-Davis estimate) rose by more than its tolerance, the lower bound of the ${(o.confidence * 100).toFixed(0)}% bootstrap interval of current / baseline (${o.resamples} resamples, paired by repetition) is above 1 + tolerance, the rise exceeds the ${o.noiseFloorWallMs} ms (wall) noise floor, and a second run of its scenario regresses too. Times in profile ms.`,
    '',
    '| result | cell | baseline | now | ratio (95% interval) | tolerance | n | why |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    '| absolute threshold | |',
    '| --- | --- |',
    ...(thresholds.length ? thresholds : ['| – | none |']),
    '',
  ].join('\n');
}

const xml = (text: string) => text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

/** The gate as JUnit XML: a test case per cell and per absolute threshold. Pure. */
export function renderGateJunit(report: GateReport): string {
  const cases = [
    ...report.checks.map((c) => {
      const name = `${cellId(c)} p${c.percentile}`;
      const body = c.fails
        ? `<failure message="${xml(c.detail)}" type="regression">${xml(`baseline ${ms(c.baselineMs)} ms, now ${ms(c.currentMs)} ms, ratio ${ratioText(c)}`)}</failure>`
        : c.status === 'not-gated'
          ? `<skipped message="${xml(`not gated: ${c.detail}`)}"/>`
          : `<system-out>${xml(`${c.status}: ${c.detail}`)}</system-out>`; // unconfirmed too: it passed
      return `    <testcase classname="regression-gate.${xml(c.scenario)}" name="${xml(name)}">${body}</testcase>`;
    }),
    ...report.thresholds.map((t) => {
      const body = t.passed ? '' : `<failure message="${xml(t.detail)}" type="threshold"/>`;
      return `    <testcase classname="thresholds" name="${xml(t.detail)}">${body}</testcase>`;
    }),
  ];
  const failures = report.checks.filter((c) => c.fails).length + report.thresholds.filter((t) => !t.passed).length;
  const skipped = report.checks.filter((c) => c.status === 'not-gated').length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="bench" tests="${cases.length}" failures="${failures}">`,
    `  <testsuite name="p95 regression gate" tests="${cases.length}" failures="${failures}" skipped="${skipped}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
