import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveBenchOptions } from '../harness/bench-options.ts';
import { runBench } from '../harness/runner.ts';
import type { ResultsFile } from '../harness/results.ts';
import { decodeHistogram } from '../harness/stats.ts';
import { writeReport } from '../harness/report/write-report.ts';
import { writeResults } from '../harness/write-results.ts';
import { SCENARIOS } from '../scenarios/index.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a bench run of the table scenarios at a tiny time scale', () => {
  it('writes a results file with every table cell filled and every image accounted for', async () => {
    const scenarios = ['single', 'batch-5', 'batch-20', 'duplicate'];
    const options = resolveBenchOptions(
      {
        timeScale: 0.005,
        scenarios,
        repetitions: { 'single/single': 5, 'batch-5/batch-5': 5, 'batch-20/batch-20': 5, 'duplicate/duplicate': 5 },
        out: path.join(dir, 'results.json'),
      },
      Object.keys(SCENARIOS),
    );
    const run = await runBench(options, SCENARIOS);
    const resultsFile = writeResults(run.results, options.out);
    const { markdown: report } = writeReport(run.results, dir, null);
    const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as ResultsFile;

    // Every image sent ended as one outcome, and none failed (thresholds in profile ms may, at this scale).
    expect(run.problems.filter((p) => !p.startsWith('threshold failed'))).toEqual([]);
    expect(results.totals.accountedFor).toBe(true);
    expect(results.totals.sent).toBe(results.totals.succeeded + results.totals.failed + results.totals.timedOut);
    expect(results.samples).toHaveLength(results.totals.sent);
    const expectedSent = { single: 3 * 7, 'batch-5': 3 * 6 * 5, 'batch-20': 3 * 5 * 20, duplicate: 3 * 7 };
    for (const [scenario, sent] of Object.entries(expectedSent)) {
      expect(results.samples.filter((s) => s.scenario === scenario)).toHaveLength(sent);
    }
    for (const w of results.workloads) expect(w.sent).toBe(w.succeeded + w.failed + w.timedOut);

    // Every cell of the seed's table holds a measured median.
    for (const row of run.table.rows) {
      for (const cell of row.cells) {
        expect(cell.n, `${row.label} / ${cell.variant}`).toBe(5);
        expect(cell.p50Ms, `${row.label} / ${cell.variant}`).toBeGreaterThan(0);
        expect(cell.verdict).not.toBe('not measured');
      }
    }
    // The cache did what the duplicate scenario means: hits on the optimized path only.
    const duplicate = results.workloads.find((w) => w.scenario === 'duplicate')!;
    expect(duplicate.unexpectedCache).toBe(0);
    expect(results.samples.filter((s) => s.scenario === 'duplicate' && s.variant === 'optimized' && !s.warmup).every((s) => s.server?.cacheHit)).toBe(true);
    expect(results.workloads.find((w) => w.scenario === 'single')!.server!.aiCalls).toBe(2 * 15);

    // The file explains itself and its histograms decode.
    expect(results.schemaVersion).toBe(1);
    expect(results.environment).toMatchObject({ node: process.version, timeScale: 0.005, profile: 'seed', seed: 1 });
    expect(results.environment.cpuCount).toBeGreaterThan(0);
    expect((results.config.latencyProfile as { name: string }).name).toBe('seed');
    const notified = results.cells.find((c) => c.scenario === 'single' && c.variant === 'optimized' && c.metric === 'notified')!;
    expect(decodeHistogram(notified.histogram).totalCount).toBe(5);
    expect(report).toContain('| Single Image |');
  }, 120_000);
});
