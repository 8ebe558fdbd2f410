import { describe, expect, it } from 'vitest';
import { loadClaims } from '../harness/claims.ts';
import { buildComparisonTable, verdictOf } from '../harness/comparison-table.ts';
import { eventMismatches } from '../harness/check-event.ts';
import { metricByLabel, parsePrometheusText, sumMetric } from '../harness/prometheus-text.ts';
import { buildCells } from '../harness/results.ts';
import { criticalPathMs, type Sample } from '../harness/samples.ts';
import { loadScenario } from '../harness/scenario-spec.ts';
import { evaluateThresholds } from '../harness/thresholds.ts';
import { PairAllocator, planWorkload, rotationStart } from '../harness/workload-plan.ts';
import batch20 from '../scenarios/batch-20.ts';
import { loadFlyerCatalog } from '../reference-impl/mocks/flyer-catalog.ts';
import single from '../scenarios/single.ts';
import duplicate from '../scenarios/duplicate.ts';

describe('verdicts against the seed claims', () => {
  const claim = { text: '~2-3s', lowMs: 2000, highMs: 3000 };
  it('widens an approximate claim by the tolerance and needs the whole interval outside it', () => {
    expect(verdictOf(claim, 0.25, 2500, [2400, 2600])).toBe('consistent');
    expect(verdictOf(claim, 0.25, 3700, [3600, 3740])).toBe('consistent');
    expect(verdictOf(claim, 0.25, 3800, [3760, 3900])).toBe('slower than claimed');
    expect(verdictOf(claim, 0.25, 1400, [1300, 1490])).toBe('faster than claimed');
    expect(verdictOf(claim, 0.25, 1400, [1300, 1600])).toBe('consistent');
    expect(verdictOf({ text: '2-3s', lowMs: 2000, highMs: 3000 }, 0.25, 3100, null)).toBe('slower than claimed');
    expect(verdictOf({ text: 'N/A' }, 0.25, 3100, null)).toBe('not claimed');
    expect(verdictOf(claim, 0.25, null, null)).toBe('not measured');
  });

  it('fills the four rows and three columns of the seed table, saying what was not run', () => {
    const table = buildComparisonTable(loadClaims(), []);
    expect(table.columns).toEqual(['Workflow', 'Direct', 'Optimized Direct']);
    expect(table.rows.map((r) => r.label)).toEqual(['Single Image', 'Batch (5 images)', 'Batch (20 images)', 'Duplicate Image']);
    expect(table.rows[3]!.cells[2]).toMatchObject({ claim: '~0.1s (when cached)', n: 0, verdict: 'not measured', notes: ['not run'] });
    expect(table.rows[1]!.cells[0]!.verdict).toBe('not claimed');
  });
});

describe('planning a workload', () => {
  const flyerIds = loadFlyerCatalog().events().map((f) => f.id);
  const timezones = ['UTC', 'Europe/Paris', 'Asia/Tokyo', 'America/Lima', 'Africa/Cairo', 'Australia/Perth', 'Europe/Oslo', 'Asia/Dubai'];

  it('interleaves variants, warm-up first, with one salt per repetition and no (image, timezone) sent twice', () => {
    const scenario = loadScenario(single, 'single');
    const units = planWorkload({ scenario, workload: scenario.workloads[0]!, repetitions: 2, warmup: 1, flyerIds, seed: 7, offset: 0 }, new PairAllocator(timezones));
    expect(units.map((u) => `${u.variant.name}/${u.warmup ? 'w' : 'r'}${u.repetition}`)).toEqual([
      'workflow/w0', 'direct/w0', 'optimized/w0', 'workflow/r0', 'direct/r0', 'optimized/r0', 'workflow/r1', 'direct/r1', 'optimized/r1',
    ]);
    const repetition = units.slice(3, 6);
    expect(new Set(repetition.map((u) => u.salt)).size).toBe(1);
    expect(new Set(repetition.map((u) => u.flyerIds[0])).size).toBe(1);
    const pairs = units.map((u) => `${u.flyerIds[0]}|${u.timezone}`);
    expect(new Set(pairs).size).toBe(pairs.length);
  });

  it('sends a workload the same images and salts whatever ran before it (a --scenarios run pairs with a full one)', () => {
    const scenario = loadScenario(batch20, 'batch-20');
    const plan = (pairs: PairAllocator) => planWorkload({ scenario, workload: scenario.workloads[0]!, repetitions: 2, warmup: 0, flyerIds, seed: 1, offset: rotationStart('batch-20', 'batch-20', flyerIds.length) }, pairs);
    const alone = plan(new PairAllocator(Intl.supportedValuesOf('timeZone')));
    const used = new PairAllocator(Intl.supportedValuesOf('timeZone'));
    for (let i = 0; i < 30; i++) used.take([flyerIds[i % flyerIds.length]!]);
    const afterOthers = plan(used);
    expect(afterOthers.map((u) => [u.id, u.flyerIds, u.salt])).toEqual(alone.map((u) => [u.id, u.flyerIds, u.salt]));
    expect(rotationStart('batch-20', 'batch-20', 24)).toBe(rotationStart('batch-20', 'batch-20', 24));
    expect(rotationStart('single', 'single', 24)).not.toBe(rotationStart('batch-5', 'batch-5', 24));
  });

  it('gives every variant of a duplicate repetition the same image and timezone, and one prime', () => {
    const scenario = loadScenario(duplicate, 'duplicate');
    const units = planWorkload({ scenario, workload: scenario.workloads[0]!, repetitions: 2, warmup: 0, flyerIds, seed: 1, offset: 3 }, new PairAllocator(timezones));
    expect(new Set(units.slice(0, 3).map((u) => `${u.flyerIds[0]}|${u.timezone}|${u.primeKey}`)).size).toBe(1);
    expect(units[0]!.primeKey).not.toBe(units[3]!.primeKey);
  });

  it('refuses to reuse a pair once every timezone is spent', () => {
    const pairs = new PairAllocator(['UTC']);
    pairs.take(['a']);
    expect(() => pairs.take(['a'])).toThrow(/every timezone was already used/);
    expect(pairs.take(['b'])).toBe('UTC');
  });
});

describe('small pure helpers', () => {
  it('computes the injected critical path of an image', () => {
    const steps = [
      { name: 'ai.event', injectedProfileMs: 1700 },
      { name: 'ai.metadata', injectedProfileMs: 1900 },
      { name: 'upload', injectedProfileMs: 400 },
      { name: 'insert', injectedProfileMs: 20 },
      { name: 'count', injectedProfileMs: 12 },
      { name: 'push', injectedProfileMs: 180 },
    ];
    expect(criticalPathMs(steps)).toBe(1900 + 20 + 180);
    expect(criticalPathMs([{ name: 'upload', injectedProfileMs: 400 }, { name: 'insert', injectedProfileMs: 20 }])).toBe(420);
    expect(criticalPathMs([{ name: 'upload', injectedProfileMs: 400 }])).toBeNull();
  });

  it('reads Prometheus text', () => {
    const series = parsePrometheusText('# HELP x\npipeline_ai_calls_total{kind="event"} 3\npipeline_ai_calls_total{kind="metadata"} 4\npipeline_failures_total{reason="not_an_event"} 2\nother 1\n');
    expect(sumMetric(series, 'pipeline_ai_calls_total')).toBe(7);
    expect(metricByLabel(series, 'pipeline_failures_total', 'reason')).toEqual({ not_an_event: 2 });
  });

  it('names the fields of an event that differ from its fixture', () => {
    const flyer = loadFlyerCatalog().events()[0]!;
    const event = { ...flyer.expected.event, metadata: flyer.expected.metadata, id: 'e1', userId: 'u', imageUrl: 'https://x' };
    expect(eventMismatches(flyer.expected, event)).toEqual([]);
    expect(eventMismatches(flyer.expected, { ...event, name: 'Other' })).toEqual(['name']);
    expect(eventMismatches(flyer.expected, { ...event, metadata: { ...flyer.expected.metadata, extra: 1 } })).toEqual(['metadata.extra']);
    expect(eventMismatches(flyer.expected, null)).toEqual(['(no event)']);
  });

  it('converts wall samples to profile ms and checks thresholds, failing those it cannot check', () => {
    const sample = (notifiedMs: number): Sample => ({
      unit: 'u', scenario: 's', workload: 'w', kind: 'single', variant: 'v', path: 'direct', warmup: false, repetition: 0, index: 0,
      flyerId: 'f', timezone: 'UTC', jobId: 'j', outcome: 'succeeded', ackMs: 1, eventMs: notifiedMs, notifiedMs, server: null,
    });
    const cells = buildCells([10, 20, 30, 40, 50].map(sample), [], 0.1, 1);
    const notified = cells.find((c) => c.metric === 'notified')!;
    expect(notified.profile.p50).toBeCloseTo(300, 0);
    expect(notified.wall.p50).toBeCloseTo(30, 1);
    const results = evaluateThresholds('s', [
      { workload: 'w', variant: 'v', metric: 'notified', percentile: 50, maxMs: 350 },
      { workload: 'w', variant: 'v', metric: 'notified', percentile: 50, maxMs: 250 },
      { workload: 'w', variant: 'v', metric: 'notified', percentile: 95, maxMs: 1000 },
      { workload: 'w', variant: 'x', metric: 'notified', percentile: 50, maxMs: 1000 },
    ], cells);
    expect(results.map((r) => r.passed)).toEqual([true, false, false, false]);
    expect(results[2]!.detail).toMatch(/not checked, p95 needs 20 samples, has 5/);
    expect(results[3]!.detail).toMatch(/no measured samples/);
  });
});
