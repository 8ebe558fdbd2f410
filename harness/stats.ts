import * as hdr from 'hdr-histogram-js';

/**
 * Statistics of latency samples: pure functions of their inputs (the bootstrap's randomness
 * comes from a seed). Percentiles come from an HDR histogram recorded in microseconds (three
 * significant digits), which is also the mergeable form results are stored in.
 */

/** Fewest samples for a percentile to mean something: below, a cell says "too few". */
export const MIN_SAMPLES = { p50: 5, p95: 20, p99: 100 } as const;
export const BOOTSTRAP_RESAMPLES = 2000;
export const CONFIDENCE = 0.95;

/** The nearest-rank percentile (0 < p <= 100) of unsorted values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('percentile of no values');
  if (!(p > 0 && p <= 100)) throw new Error(`percentile ${p} is not in (0, 100]`);
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil((p / 100) * sorted.length) - 1] as number;
}

/** A small, fast, seeded generator (mulberry32): uniform numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Percentile bootstrap confidence interval of the p-th percentile: resample with replacement,
 * take the percentile of each resample, and read the interval off their distribution.
 */
export function bootstrapCi(
  values: readonly number[],
  p: number,
  options: { seed?: number; resamples?: number; confidence?: number } = {},
): [low: number, high: number] {
  const { seed = 1, resamples = BOOTSTRAP_RESAMPLES, confidence = CONFIDENCE } = options;
  if (values.length === 0) throw new Error('bootstrap of no values');
  const random = seededRandom(seed);
  const n = values.length;
  const resample = new Array<number>(n);
  const estimates = new Array<number>(resamples);
  const rank = Math.ceil((p / 100) * n) - 1;
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) resample[i] = values[Math.floor(random() * n)] as number;
    resample.sort((a, b) => a - b);
    estimates[r] = resample[rank] as number;
  }
  const tail = ((1 - confidence) / 2) * 100;
  return [percentile(estimates, Math.max(tail, 1e-9)), percentile(estimates, 100 - tail)];
}

export function newHistogram(): hdr.Histogram {
  return hdr.build({ numberOfSignificantValueDigits: 3, useWebAssembly: false });
}

/** Values in milliseconds, recorded at microsecond resolution. */
export function histogramOf(valuesMs: readonly number[]): hdr.Histogram {
  const histogram = newHistogram();
  for (const ms of valuesMs) histogram.recordValue(Math.max(0, Math.round(ms * 1000)));
  return histogram;
}

export function encodeHistogram(valuesMs: readonly number[]): string {
  return hdr.encodeIntoCompressedBase64(histogramOf(valuesMs));
}

export function decodeHistogram(encoded: string): hdr.Histogram {
  return hdr.decodeFromCompressedBase64(encoded, 32, false);
}

/** Merges encoded histograms (from runs or processes) into one. */
export function mergeHistograms(encoded: readonly string[]): hdr.Histogram {
  const merged = newHistogram();
  for (const e of encoded) merged.add(decodeHistogram(e));
  return merged;
}

/** What a cell shows of its samples; a statistic there are too few samples for is null, and said so. */
export interface Distribution {
  n: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
  mean: number | null;
  ciP50: [number, number] | null;
  ciP95: [number, number] | null;
  /** e.g. `p95 needs 20 samples, has 7`. */
  notes: string[];
}

/** p50, p95, p99 and max from the HDR histogram; bootstrap intervals from the raw values. Pure. */
export function summarize(values: readonly number[], options: { seed?: number; resamples?: number } = {}): Distribution {
  const n = values.length;
  const notes: string[] = [];
  const enough = (name: keyof typeof MIN_SAMPLES) => {
    if (n >= MIN_SAMPLES[name]) return true;
    notes.push(`${name} needs ${MIN_SAMPLES[name]} samples, has ${n}`);
    return false;
  };
  if (n === 0) return { n, p50: null, p95: null, p99: null, max: null, mean: null, ciP50: null, ciP95: null, notes: ['no samples'] };
  const histogram = histogramOf(values);
  const at = (p: number) => histogram.getValueAtPercentile(p) / 1000;
  const has50 = enough('p50');
  const has95 = enough('p95');
  const has99 = enough('p99');
  return {
    n,
    p50: has50 ? at(50) : null,
    p95: has95 ? at(95) : null,
    p99: has99 ? at(99) : null,
    max: Math.max(...values),
    mean: values.reduce((a, b) => a + b, 0) / n,
    ciP50: has50 ? bootstrapCi(values, 50, options) : null,
    ciP95: has95 ? bootstrapCi(values, 95, options) : null,
    notes,
  };
}
