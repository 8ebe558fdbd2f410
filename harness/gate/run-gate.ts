import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ResultsFile } from '../results.ts';
import { loadScenario, type ScenarioSpec } from '../scenario-spec.ts';
import { regressionThresholds } from '../thresholds.ts';
import { applyGate, type GateReport, type ScenarioRegressionThreshold } from './apply-gate.ts';
import { readBaseline } from './baseline.ts';
import { gateWithConfirmation } from './confirm.ts';
import { resolveGateOptions, type GateOptions } from './gate-options.ts';
import { renderGateJunit, renderGateMarkdown } from './render-gate.ts';

export interface GateFiles {
  report: GateReport;
  markdown: string;
  markdownFile: string;
  junitFile: string;
  /** `$GITHUB_STEP_SUMMARY`, when the summary was appended to it. */
  stepSummary: string | null;
  /** The second run that measured the regressed cells again, if there was one. */
  confirmation: ResultsFile | null;
}

/** The regression thresholds of the scenarios a run used, from their specs. */
export function scenarioRegressionThresholds(results: ResultsFile, specs: Readonly<Record<string, ScenarioSpec>>): ScenarioRegressionThreshold[] {
  const names = [...new Set(results.samples.map((s) => s.scenario))];
  return names.flatMap((name) => (specs[name] ? regressionThresholds(loadScenario(specs[name], name).thresholds).map((t) => ({ ...t, scenario: name })) : []));
}

/**
 * Applies the gate to a run and writes what it found: `gate.md` and `gate-junit.xml` in `dir`,
 * and the summary appended to `$GITHUB_STEP_SUMMARY` when that is set. With `rerun`, cells that
 * regressed are measured again (their scenarios only) and fail only if they regress again.
 */
export async function runGate(
  results: ResultsFile,
  baselineFile: string,
  specs: Readonly<Record<string, ScenarioSpec>>,
  dir: string,
  options: GateOptions = {},
  env: NodeJS.ProcessEnv = process.env,
  rerun?: (scenarios: string[]) => Promise<ResultsFile>,
): Promise<GateFiles> {
  const baseline = readBaseline(baselineFile);
  const resolved = resolveGateOptions(options);
  const gate = (r: ResultsFile) => applyGate(baseline, r, scenarioRegressionThresholds(r, specs), resolved);
  const { report, confirmation } = rerun ? await gateWithConfirmation(results, gate, rerun) : { report: gate(results), confirmation: null };
  const markdown = renderGateMarkdown(report);
  mkdirSync(dir, { recursive: true });
  const markdownFile = path.join(dir, 'gate.md');
  const junitFile = path.join(dir, 'gate-junit.xml');
  writeFileSync(markdownFile, markdown);
  writeFileSync(junitFile, renderGateJunit(report));
  const stepSummary = env.GITHUB_STEP_SUMMARY || null;
  if (stepSummary) appendFileSync(stepSummary, `${markdown}\n`);
  return { report, markdown, markdownFile, junitFile, stepSummary, confirmation };
}
