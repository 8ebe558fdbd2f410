import { percentile, seededRandom } from '../stats.ts';
import type { PairedValues } from './cell-values.ts';
import { harrellDavis, harrellDavisSorted } from './harrell-davis.ts';

/** How one percentile moved between two runs, with a bootstrap interval of the ratio. */
export interface PercentileRatio {
  /** Resampled pair by pair (both runs drew the same injected delays), or each run on its own. */
  paired: boolean;
  /** Pairs compared when paired; otherwise the smaller of the two counts. */
  n: number;
  baselineMs: number;
  currentMs: number;
  /** current / baseline; above 1 is slower. */
  ratio: number;
  ci: [low: number, high: number];
}

export interface RatioOptions {
  seed: number;
  resamples: number;
  confidence: number;
  /** Pair when at least this share of either side's keys is in both. */
  minPairedShare: number;
}

/**
 * The ratio of the p-th percentile of `current` to that of `baseline` (Harrell-Davis estimates
 * on the raw values, see harrell-davis.ts), with a percentile-bootstrap interval. When the keys match, the bootstrap resamples
 * pairs, so what the two runs share (the injected delays) cancels and the interval measures
 * only what differs; otherwise it resamples each side on its own. Pure.
 */
export function percentileRatio(baseline: PairedValues, current: PairedValues, p: number, options: RatioOptions): PercentileRatio {
  const baseKeys = Object.keys(baseline);
  const currentKeys = Object.keys(current);
  if (baseKeys.length === 0 || currentKeys.length === 0) throw new Error('percentile ratio of no values');
  const common = baseKeys.filter((k) => k in current);
  const paired = common.length >= options.minPairedShare * Math.max(baseKeys.length, currentKeys.length);
  const b = paired ? common.map((k) => baseline[k]!) : baseKeys.map((k) => baseline[k]!);
  const c = paired ? common.map((k) => current[k]!) : currentKeys.map((k) => current[k]!);
  const q = p / 100;
  const baselineMs = harrellDavis(b, q);
  const currentMs = harrellDavis(c, q);
  const random = seededRandom(options.seed);
  const ratios = new Array<number>(options.resamples);
  const rb = new Float64Array(b.length);
  const rc = new Float64Array(c.length);
  for (let r = 0; r < options.resamples; r++) {
    if (paired) {
      for (let i = 0; i < b.length; i++) {
        const k = Math.floor(random() * b.length);
        rb[i] = b[k]!;
        rc[i] = c[k]!;
      }
    } else {
      for (let i = 0; i < b.length; i++) rb[i] = b[Math.floor(random() * b.length)]!;
      for (let i = 0; i < c.length; i++) rc[i] = c[Math.floor(random() * c.length)]!;
    }
    rb.sort();
    rc.sort();
    const base = harrellDavisSorted(rb, q);
    ratios[r] = base > 0 ? harrellDavisSorted(rc, q) / base : Number.POSITIVE_INFINITY;
  }
  const tail = ((1 - options.confidence) / 2) * 100;
  return {
    paired,
    n: paired ? common.length : Math.min(b.length, c.length),
    baselineMs,
    currentMs,
    ratio: baselineMs > 0 ? currentMs / baselineMs : Number.POSITIVE_INFINITY,
    ci: [percentile(ratios, Math.max(tail, 1e-9)), percentile(ratios, 100 - tail)],
  };
}
