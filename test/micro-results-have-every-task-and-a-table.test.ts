import { beforeAll, describe, expect, it } from 'vitest';
import type { MicroResults } from '../harness/micro/micro-results.ts';
import { MICRO_SCHEMA_VERSION } from '../harness/micro/micro-results.ts';
import { microTable, renderMicroMarkdown } from '../harness/micro/render-micro.ts';
import { runMicro } from '../harness/micro/run-micro.ts';

const TASK_IDS = [
  ...['small', 'large'].flatMap((size) => ['slice', 'md5-string', 'sha256-string', 'sha256-bytes'].map((s) => `cache-key.${s}.${size}`)),
  'decode.small',
  'decode.large',
  'zod.event',
  'zod.metadata',
  'singleflight.direct',
  'singleflight.wrapped',
  'schedule.chunk',
  'schedule.pool',
];

describe('the micro suite, run briefly', () => {
  let results: MicroResults;
  beforeAll(async () => {
    results = await runMicro({ timeMs: 10, warmupTimeMs: 5, minIterations: 4, warmupIterations: 2 });
  });

  it('measures every task: a finite positive mean, an rme and its samples', () => {
    expect(results.schemaVersion).toBe(MICRO_SCHEMA_VERSION);
    expect(results.config.timeMs).toBe(10);
    expect(results.rows.map((r) => r.id)).toEqual(TASK_IDS);
    for (const row of results.rows) {
      if (row.state !== 'completed') throw new Error(`${row.id}: ${row.error}`);
      expect(Number.isFinite(row.meanNs) && row.meanNs > 0, row.id).toBe(true);
      expect(Number.isFinite(row.rmePercent) && row.rmePercent >= 0, row.id).toBe(true);
      expect(row.samples, row.id).toBeGreaterThanOrEqual(4);
    }
  });

  it('finds only the SHA-256 of the decoded bytes a correct cache key', () => {
    expect(results.cacheKeys.map(({ strategy, separatesDifferentImages, joinsSameBytes, correct }) => ({ strategy, separatesDifferentImages, joinsSameBytes, correct }))).toEqual([
      { strategy: 'slice', separatesDifferentImages: false, joinsSameBytes: true, correct: false },
      { strategy: 'md5-string', separatesDifferentImages: true, joinsSameBytes: false, correct: false },
      { strategy: 'sha256-string', separatesDifferentImages: true, joinsSameBytes: false, correct: false },
      { strategy: 'sha256-bytes', separatesDifferentImages: true, joinsSameBytes: true, correct: true },
    ]);
  });

  it('gives the simulated makespans, and the virtual clock agrees with them', () => {
    expect(results.batch.durationsMs).toHaveLength(20);
    expect(results.batch.makespans.map((m) => m.strategy)).toEqual(['chunk', 'pool']);
    for (const m of results.batch.makespans) expect(m.virtualClockMs).toBe(m.simulatedMs);
    expect(Number.isFinite(results.singleflight.overheadNsPerCall)).toBe(true);
  });

  it('renders a table row per task', () => {
    const table = microTable(results);
    expect(table.rows).toHaveLength(TASK_IDS.length);
    table.rows.forEach((row, i) => expect(row[0]?.startsWith(`${TASK_IDS[i]}:`)).toBe(true));
    expect(renderMicroMarkdown(results)).toContain('| task |');
  });
});
