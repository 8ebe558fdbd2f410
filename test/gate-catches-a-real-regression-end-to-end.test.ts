import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveBenchOptions, type BenchOptions } from '../harness/bench-options.ts';
import { buildBaseline } from '../harness/gate/baseline.ts';
import { runGate } from '../harness/gate/run-gate.ts';
import { runBench } from '../harness/runner.ts';
import type { ScenarioSpec } from '../harness/scenario-spec.ts';
import { fixedProfile } from './helpers/profiles.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'gate-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Extraction and upload of the same length: running them one after the other (no `parallel`)
// doubles the optimized path's wait and touches nothing else. The delays are long beside the
// orchestration's own milliseconds, so the test holds on a machine busy with other tests.
const profileFile = path.join(dir, 'profile.json');
writeFileSync(profileFile, JSON.stringify(fixedProfile({ 'ai.event': 1500, 'ai.metadata': 1000, upload: 1500, 'db.insert': 20, push: 50 })));
const SCENARIOS: Record<string, ScenarioSpec> = {
  'gate-e2e': {
    name: 'gate-e2e',
    description: 'One image at a time on direct and optimized, for the gate test.',
    workloads: [{ name: 'single', send: { kind: 'single' }, variants: [{ name: 'direct', path: 'direct' }, { name: 'optimized', path: 'optimized' }], concurrency: 2 }],
    repetitions: 20,
    warmup: 1,
  },
};

async function run(name: string, extra: BenchOptions = {}) {
  const options = resolveBenchOptions({ timeScale: 0.1, profile: profileFile, scenarios: ['gate-e2e'], out: path.join(dir, name, 'results.json'), ...extra }, Object.keys(SCENARIOS));
  const { results, problems } = await runBench(options, SCENARIOS);
  expect(problems.filter((p) => !p.startsWith('threshold failed'))).toEqual([]);
  return results;
}

describe('the gate on real runs of the reference server', () => {
  it('passes a second run of the same code and fails the optimized path with parallel switched off, only there', async () => {
    const baselineFile = path.join(dir, 'baseline.json');
    writeFileSync(baselineFile, JSON.stringify(buildBaseline(await run('baseline'))));

    // As `npm run bench` gates: a regressed cell is measured again before it fails. The tolerance
    // is wide because other test files share the machine; the slowdown below is twice that.
    const gateOptions = { tolerance: 0.3 };
    const same = await runGate(await run('again'), baselineFile, SCENARIOS, path.join(dir, 'again'), gateOptions, {}, () => run('again-confirm'));
    expect(same.report.failures).toEqual([]);
    expect(same.report.counts.regressed).toBe(0);

    const slower = await run('no-parallel', { serverEnv: { OPTIMIZED_DEFAULTS: 'cache,dedup,earlyQuery,asyncNotify,pool' } });
    const summary = path.join(dir, 'step-summary.md');
    const gated = await runGate(slower, baselineFile, SCENARIOS, path.join(dir, 'no-parallel'), gateOptions, { GITHUB_STEP_SUMMARY: summary }, () => run('no-parallel-again', { serverEnv: { OPTIMIZED_DEFAULTS: 'cache,dedup,earlyQuery,asyncNotify,pool' } }));
    const byVariant = Object.fromEntries(gated.report.checks.map((c) => [c.variant, c]));
    expect(byVariant.optimized!.status).toBe('regressed');
    expect(byVariant.optimized!.confirmation).toMatchObject({ confirmed: true });
    expect(byVariant.optimized!.ratio!).toBeGreaterThan(1.3);
    expect(byVariant.direct!.status).not.toBe('regressed');
    expect(gated.report.passed).toBe(false);

    // What CI reads: a JUnit failure for the cell, and the summary appended for the job page.
    const junit = readFileSync(gated.junitFile, 'utf8');
    expect(junit).toMatch(/<testcase classname="regression-gate\.gate-e2e" name="gate-e2e\/single\/optimized notified p95"><failure message="slower by/);
    expect(junit).toMatch(/<testsuite name="p95 regression gate" tests="\d+" failures="[1-9]/);
    expect(readFileSync(summary, 'utf8')).toContain('## Regression gate FAILED: 1 regressed, 0 not confirmed');
    expect(readFileSync(gated.markdownFile, 'utf8')).toContain('| REGRESSED | gate-e2e/single/optimized notified p95 |');
  }, 120_000);
});
