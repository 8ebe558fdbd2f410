import { afterEach, describe, expect, it } from 'vitest';
import { resolveBenchOptions } from '../harness/bench-options.ts';
import { findCell } from '../harness/results.ts';
import { runBench } from '../harness/runner.ts';
import type { ScenarioSpec } from '../harness/scenario-spec.ts';
import { startStubContractServer } from './helpers/stub-contract-server.ts';

const DELAY_MS = 250;

const stubSingle = {
  name: 'stub-single',
  description: 'single images against a stub that answers after a fixed delay',
  workloads: [{ name: 'single', send: { kind: 'single' }, variants: [{ name: 'direct', path: 'direct' }] }],
  repetitions: 10,
  warmup: 2,
} satisfies ScenarioSpec;

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function runAgainstStub(options: { delayMs: number; wrongName?: boolean }) {
  const stub = await startStubContractServer(options);
  close = stub.close;
  const resolved = resolveBenchOptions({ target: stub.url, scenarios: ['stub-single'], preset: 'full' }, ['stub-single']);
  return runBench(resolved, { 'stub-single': stubSingle });
}

describe('the harness against a server of the contract that answers after a fixed delay', () => {
  it('measures notified within 2% (or 2 ms) of that delay', async () => {
    const run = await runAgainstStub({ delayMs: DELAY_MS });
    expect(run.problems).toEqual([]);
    const notified = findCell(run.results.cells, 'stub-single', 'single', 'direct', 'notified')!.profile;
    expect(notified.n).toBe(10);
    const tolerance = Math.max(0.02 * DELAY_MS, 2);
    expect(notified.p50!).toBeGreaterThanOrEqual(DELAY_MS);
    expect(notified.p50! - DELAY_MS).toBeLessThanOrEqual(tolerance);
    // The time scale came from the server's job views; a foreign server has no /metrics.
    expect(run.results.timeScale).toBe(1);
    expect(run.results.workloads[0]!.server).toBeNull();
  });

  it('fails every sample whose event differs from the fixture, and the run with them', async () => {
    const run = await runAgainstStub({ delayMs: 5, wrongName: true });
    const measured = run.results.samples.filter((s) => !s.warmup);
    expect(measured).toHaveLength(10);
    expect(measured.every((s) => s.outcome === 'failed' && s.reason === 'mismatch: name')).toBe(true);
    expect(run.results.totals).toMatchObject({ sent: 12, succeeded: 0, failed: 12, accountedFor: true });
    expect(run.problems[0]).toMatch(/^12 of 12 images did not succeed: mismatch: name ×12/);
    expect(findCell(run.results.cells, 'stub-single', 'single', 'direct', 'notified')).toBeUndefined();
  });
});
