import { markdownTable } from '../report/render-markdown.ts';
import type { ReportTable } from '../report/report-tables.ts';
import type { MicroResults, MicroRow } from './micro-results.ts';

const US_PER_NS = 1e-3;

/** Three significant digits, thousands grouped: `0.0412`, `41.2`, `1,234`. */
function significant(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(x))));
  return x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
const micros = (ns: number | null) => (ns === null ? '–' : significant(ns * US_PER_NS));
const yesNo = (b: boolean) => (b ? 'yes' : 'no');

function correctCell(results: MicroResults, row: MicroRow): string {
  if (!row.keyStrategy) return '';
  const verdict = results.cacheKeys.find((v) => v.strategy === row.keyStrategy);
  if (!verdict) return '?';
  if (verdict.correct) return 'yes';
  const why = [!verdict.separatesDifferentImages && 'collides on a shared prefix', !verdict.joinsSameBytes && 'misses re-encoded bytes'].filter(Boolean);
  return `no: ${why.join(', ')}`;
}

/** Every task, one row each, with the cache-key verdicts beside their speed. Pure. */
export function microTable(results: MicroResults): ReportTable {
  const c = results.config;
  return {
    id: 'micro',
    title: 'Micro-benchmarks',
    caption:
      `tinybench ${c.tinybenchVersion}, ${c.timeMs} ms per task after ${c.warmupTimeMs} ms warm-up, at least ${c.minIterations} samples; ` +
      'a sample is the mean of `calls/sample` calls, so p99 is over those means; ops/s = 1 / mean; rme = half-width of the 95% interval of the mean',
    header: ['task', 'input', 'calls/sample', 'ops/s', 'mean (µs)', 'p99 (µs)', 'rme (%)', 'samples', 'correct key'],
    rows: results.rows.map((row) =>
      row.state === 'completed'
        ? [`${row.id}: ${row.label}`, row.input, String(row.callsPerSample), significant(row.opsPerSec), micros(row.meanNs), micros(row.p99Ns), row.rmePercent.toFixed(2), String(row.samples), correctCell(results, row)]
        : [`${row.id}: ${row.label}`, row.input, String(row.callsPerSample), row.state, row.error, '–', '–', '–', correctCell(results, row)],
    ),
  };
}

/** Which cache keys are correct, and how each was found out. Pure. */
export function cacheKeyTable(results: MicroResults): ReportTable {
  const mean = (strategy: string, size: 'small' | 'large') => {
    const row = results.rows.find((r) => r.id === `cache-key.${strategy}.${size}`);
    return row?.state === 'completed' ? micros(row.meanNs) : '–';
  };
  const { small, large } = results.images;
  return {
    id: 'micro-cache-keys',
    title: 'Cache-key strategies',
    caption:
      'probes from a real fixture: a copy with its last byte changed (a different image, same prefix), and one image spelt in two base64 forms decodeImage accepts (the unused bits of the last character set); ' +
      'the slice is a lazy V8 string whatever the image size: copying and hashing it happen at its first Map lookup, not here',
    header: ['strategy', 'different images → different keys', 'same bytes → same key', 'correct', `mean on ${small.base64Chars.toLocaleString('en-US')} chars (µs)`, `mean on ${large.base64Chars.toLocaleString('en-US')} chars (µs)`],
    rows: results.cacheKeys.map((v) => [v.label, yesNo(v.separatesDifferentImages), yesNo(v.joinsSameBytes), yesNo(v.correct), mean(v.strategy, 'small'), mean(v.strategy, 'large')]),
  };
}

/** Chunk against pool: simulated makespans and the scheduler's own CPU. Pure. */
export function batchTable(results: MicroResults): ReportTable {
  const b = results.batch;
  const ms = (x: number) => x.toFixed(1);
  return {
    id: 'micro-batch',
    title: 'Chunk against pool',
    caption:
      `${b.tasks} durations from the ${b.latencyProfile} profile's ${b.dependency} ${b.distribution.kind} (seed ${b.seed}), pool ${b.sizes.poolSize}, chunk ${b.sizes.chunkSize}; ` +
      'time is virtual (no real timers); CPU is tinybench time per batch of zero-duration tasks',
    header: ['strategy', 'simulated makespan (ms)', 'schedule() on the virtual clock (ms)', 'scheduler CPU per batch (µs)'],
    rows: b.makespans.map((m) => [m.strategy, ms(m.simulatedMs), ms(m.virtualClockMs), micros(m.schedulerNsPerBatch)]),
  };
}

/** The singleflight wrapper's own cost per call. Pure. */
export function singleflightTable(results: MicroResults): ReportTable {
  const s = results.singleflight;
  return {
    id: 'micro-singleflight',
    title: 'Singleflight overhead',
    caption: 'MemorySingleflight.run around an async function that returns at once, against awaiting the function directly',
    header: ['direct (µs/call)', 'wrapped (µs/call)', 'overhead (µs/call)'],
    rows: [[micros(s.directNsPerCall), micros(s.wrappedNsPerCall), micros(s.overheadNsPerCall)]],
  };
}

export function microTables(results: MicroResults): ReportTable[] {
  return [microTable(results), cacheKeyTable(results), batchTable(results), singleflightTable(results)];
}

/** `reports/micro.md`. Pure. */
export function renderMicroMarkdown(results: MicroResults): string {
  const e = results.environment;
  return [
    `# Micro-benchmarks ${e.time}`,
    '',
    `Node ${e.node}, ${e.cpuModel} × ${e.cpuCount}, ${e.platform}, commit ${e.gitCommit ?? 'unknown'}${e.gitDirty ? ' (dirty)' : ''}.`,
    '',
    ...microTables(results).flatMap((t) => [markdownTable(t), '']),
  ].join('\n');
}
