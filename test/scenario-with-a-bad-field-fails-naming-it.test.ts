import { describe, expect, it } from 'vitest';
import { loadScenario, ScenarioError } from '../harness/scenario-spec.ts';
import { SCENARIOS } from '../scenarios/index.ts';

const good = {
  name: 'tiny',
  description: 'a scenario to break',
  workloads: [{ name: 'single', send: { kind: 'single' }, variants: [{ name: 'direct', path: 'direct' }] }],
  repetitions: 3,
  thresholds: [{ workload: 'single', variant: 'direct', metric: 'notified', percentile: 95, maxMs: 1000 }],
};

function errorOf(value: unknown): ScenarioError {
  try {
    loadScenario(value, 'tiny.ts');
  } catch (error) {
    if (error instanceof ScenarioError) return error;
    throw error;
  }
  throw new Error('the scenario loaded');
}

describe('loading a scenario', () => {
  it('accepts every scenario in scenarios/ and fills defaults', () => {
    for (const [name, spec] of Object.entries(SCENARIOS)) expect(loadScenario(spec, name).name).toBe(name);
    const loaded = loadScenario(good, 'tiny.ts');
    expect(loaded.warmup).toBe(1);
    expect(loaded.workloads[0]!.concurrency).toBe(1);
  });

  it.each([
    ['repetitions', { ...good, repetitions: 'ten' }, /^scenario tiny\.ts: repetitions: .*\(got "ten"\)$/],
    ['an unknown key', { ...good, warmUp: 2 }, /^scenario tiny\.ts: warmUp: /],
    ['a path', { ...good, workloads: [{ ...good.workloads[0], variants: [{ name: 'x', path: 'fast' }] }] }, /workloads\.0\.variants\.0\.path: .*\(got "fast"\)/],
    ['an optimisation', { ...good, workloads: [{ ...good.workloads[0], variants: [{ name: 'x', path: 'direct', optimizations: ['turbo'] }] }] }, /workloads\.0\.variants\.0\.optimizations\.0: .*\(got "turbo"\)/],
    ['a batch size', { ...good, workloads: [{ ...good.workloads[0], send: { kind: 'batch', images: 0 } }] }, /workloads\.0\.send\.images: .*\(got 0\)/],
    ['a threshold metric', { ...good, thresholds: [{ ...good.thresholds[0], metric: 'latency' }] }, /thresholds\.0\.metric: .*\(got "latency"\)/],
    ['a threshold naming no variant', { ...good, thresholds: [{ ...good.thresholds[0], variant: 'optimized' }] }, /thresholds\.0\.variant: no variant "optimized" in single/],
    ['a duplicate variant', { ...good, workloads: [{ ...good.workloads[0], variants: [{ name: 'd', path: 'direct' }, { name: 'd', path: 'workflow' }] }] }, /workloads\.0\.variants\.1\.name: duplicate variant "d"/],
  ])('fails on %s, naming the field', (_what, value, message) => {
    const error = errorOf(value);
    expect(error.message).toMatch(message);
  });
});
