import { DEFAULT_GATE } from '../defaults.ts';
import { givenOptions, OptionValueError } from '../cli.ts';

/** How the regression gate decides; every field optional. */
export interface GateOptions {
  /** The share a percentile may rise by before a convincing rise fails its cell. @default 0.10 */
  tolerance?: number;
  /** A rise smaller than this (wall ms) never fails a cell: timer and scheduling noise. @default 3 */
  noiseFloorWallMs?: number;
  /** The percentile of `notified` compared on every cell. @default 95 */
  percentile?: 50 | 95 | 99;
  /** Confidence of the bootstrap interval of current / baseline. @default 0.95 */
  confidence?: number;
  /** Bootstrap resamples. @default 2000 */
  resamples?: number;
  /** Seed of the bootstrap. @default 1 */
  seed?: number;
  /** Pair the two runs' samples when at least this share of keys is in both. @default 0.9 */
  minPairedShare?: number;
  /** Let regressions fail the gate even when the environment differs from the baseline's. @default false */
  strictEnvironment?: boolean;
  /** Compare cells whose configuration differs from the baseline's (experiments). @default false */
  compareChangedConfiguration?: boolean;
}

export type ResolvedGateOptions = Readonly<Required<GateOptions>>;


/** Merges the defaults, validates, freezes. */
export function resolveGateOptions(options: GateOptions = {}): ResolvedGateOptions {
  const resolved = { ...DEFAULT_GATE, ...givenOptions(options) } as Required<GateOptions>;
  const check = (name: keyof GateOptions, ok: boolean, why: string) => {
    if (!ok) throw new OptionValueError(`gate option ${name}`, resolved[name], why);
  };
  check('tolerance', resolved.tolerance > 0 && resolved.tolerance <= 10, 'must be above 0 and at most 10');
  check('noiseFloorWallMs', resolved.noiseFloorWallMs >= 0, 'must be 0 or more');
  check('percentile', [50, 95, 99].includes(resolved.percentile), 'must be 50, 95 or 99');
  check('confidence', resolved.confidence > 0.5 && resolved.confidence < 1, 'must be between 0.5 and 1');
  check('resamples', Number.isInteger(resolved.resamples) && resolved.resamples >= 100, 'must be a whole number of at least 100');
  check('minPairedShare', resolved.minPairedShare > 0 && resolved.minPairedShare <= 1, 'must be above 0 and at most 1');
  return Object.freeze(resolved);
}
