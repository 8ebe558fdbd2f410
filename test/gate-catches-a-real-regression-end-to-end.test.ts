import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveBenchOptions, type BenchOptions } from '../harness/bench-options.ts';
import { buildBaseline } from '../harness/gate/baseline.ts';
import { runGate } from '../harness/gate/run-gate.ts';
import { runBench } from '../harness/runner.ts';
import { SCENARIOS } from '../scenarios/index.ts';
import { fixedProfile } from './helpers/profiles.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'gate-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Extraction and upload of similar length: running them one after the other (no `parallel`) is a
// large, certain slowdown of the optimized path and of nothing else.
const profileFile = path.join(dir, 'profile.json');
writeFileSync(profileFile, JSON.stringify(fixedProfile({ 'ai.event': 400, 'ai.metadata': 300, upload: 300, 'db.insert': 20, push: 50 })));

async function run(name: string, extra: BenchOptions = {}) {
  const options = resolveBenchOptions({ timeScale: 0.1, profile: profileFile, scenarios: ['single'], repetitions: { 'single/single': 20 }, out: path.join(dir, name, 'results.json'), ...extra }, Object.keys(SCENARIOS));
  const { results, problems } = await runBench(options, SCENARIOS);
  expect(problems.filter((p) => !p.startsWith('threshold failed'))).toEqual([]);
  return results;
}

describe('the gate on real runs of the reference server', () => {
  it('passes a second run of the same code and fails the optimized path with parallel switched off, only there', async () => {
    const baselineFile = path.join(dir, 'baseline.json');
    writeFileSync(baselineFile, JSON.stringify(buildBaseline(await run('baseline'))));

    const same = await runGate(await run('again'), baselineFile, SCENARIOS, path.join(dir, 'again'), {}, {});
    expect(same.report.failures.filter((f) => !f.startsWith('threshold'))).toEqual([]);
    expect(same.report.counts.regressed).toBe(0);

    const slower = await run('no-parallel', { serverEnv: { OPTIMIZED_DEFAULTS: 'cache,dedup,earlyQuery,asyncNotify,pool' } });
    const summary = path.join(dir, 'step-summary.md');
    const gated = await runGate(slower, baselineFile, SCENARIOS, path.join(dir, 'no-parallel'), {}, { GITHUB_STEP_SUMMARY: summary }, () => run('no-parallel-again', { serverEnv: { OPTIMIZED_DEFAULTS: 'cache,dedup,earlyQuery,asyncNotify,pool' } }));
    const byVariant = Object.fromEntries(gated.report.checks.map((c) => [c.variant, c]));
    expect(byVariant.optimized!.status).toBe('regressed');
    expect(byVariant.optimized!.confirmation).toMatchObject({ confirmed: true });
    expect(byVariant.optimized!.ratio!).toBeGreaterThan(1.3);
    expect(byVariant.direct!.status).not.toBe('regressed');
    expect(byVariant.workflow!.status).not.toBe('regressed');
    expect(gated.report.passed).toBe(false);

    // What CI reads: a JUnit failure for the cell, and the summary appended for the job page.
    const junit = readFileSync(gated.junitFile, 'utf8');
    expect(junit).toMatch(/<testcase classname="regression-gate\.single" name="single\/single\/optimized notified p95"><failure message="slower by/);
    expect(junit).toMatch(/<testsuite name="p95 regression gate" tests="\d+" failures="[1-9]/);
    expect(readFileSync(summary, 'utf8')).toContain('## Regression gate FAILED: 1 regressed, 0 not confirmed');
    expect(readFileSync(gated.markdownFile, 'utf8')).toContain('| REGRESSED | single/single/optimized notified p95 |');
  }, 120_000);
});
