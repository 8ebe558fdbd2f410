import { DEFAULT_LOAD } from '../defaults.ts';
import type { TrafficMix } from './arrival-plan.ts';
import { givenOptions, OptionValueError } from '../cli.ts';

export const LOAD_SECTIONS = ['closed', 'cached', 'open', 'overload'] as const;
export type LoadSection = (typeof LOAD_SECTIONS)[number];

/** What `npm run bench:load` can be asked for; every field optional. */
export interface LoadOptions {
  /** Which parts to run. @default all: closed, cached, open, overload */
  sections?: string[];
  /** Seeds the arrival plans. @default 1 */
  seed?: number;
  /** autocannon connections for the closed model. @default 10 */
  closedConnections?: number;
  /** Seconds per closed-model endpoint. @default 8 */
  closedDurationS?: number;
  /** Sequential cached sends of the 700,000-character image. @default 200 */
  cachedCount?: number;
  /** Arrivals per second of the open-model load. @default 20 */
  openRatePerS?: number;
  /** Seconds of open-model load. @default 20 */
  openDurationS?: number;
  /** Shares of new images, duplicates and batches in the open-model traffic. @default 65% / 30% / 5% */
  mix?: TrafficMix;
  /** Images per batch arrival. @default 5 */
  batchImages?: number;
  /** Offered rates of the overload sweep, arrivals per second. @default 20, 40, 80, 160, 320 */
  overloadRatesPerS?: number[];
  /** Seconds per overload step. @default 8 */
  overloadStepS?: number;
  /** Latency profile of the open and overload loads. @default 'seed' */
  profile?: string;
  /** Time scale of the open and overload loads. @default 0.1 */
  timeScale?: number;
  /** The server's MAX_PENDING_IMAGES during the open and overload loads. @default 200 */
  maxPendingImages?: number;
  /** Simulated users (notification streams). @default 20 */
  users?: number;
  /** How long accepted images may take to end after the last arrival, wall ms. @default 30000 */
  drainTimeoutMs?: number;
  /** The results file. @default 'reports/load.json' */
  out?: string;
}

export type ResolvedLoadOptions = Readonly<Required<Omit<LoadOptions, 'sections'>>> & { readonly sections: readonly LoadSection[] };


/** Merges the defaults, validates, freezes. */
export function resolveLoadOptions(options: LoadOptions = {}): ResolvedLoadOptions {
  const r = { ...DEFAULT_LOAD, ...givenOptions(options) } as Required<LoadOptions>;
  for (const s of r.sections) if (!(LOAD_SECTIONS as readonly string[]).includes(s)) throw new OptionValueError('--sections', s, `not one of ${LOAD_SECTIONS.join(', ')}`);
  const positive = (name: keyof LoadOptions, value: number, integer = false) => {
    if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) throw new OptionValueError(`--${name}`, value, integer ? 'must be a positive whole number' : 'must be a positive number');
  };
  positive('closedConnections', r.closedConnections, true);
  positive('closedDurationS', r.closedDurationS);
  positive('cachedCount', r.cachedCount, true);
  positive('openRatePerS', r.openRatePerS);
  positive('openDurationS', r.openDurationS);
  positive('batchImages', r.batchImages, true);
  positive('overloadStepS', r.overloadStepS);
  positive('timeScale', r.timeScale);
  positive('maxPendingImages', r.maxPendingImages, true);
  positive('users', r.users, true);
  positive('drainTimeoutMs', r.drainTimeoutMs);
  for (const rate of r.overloadRatesPerS) positive('overloadRatesPerS', rate);
  if (r.mix.new < 0 || r.mix.duplicate < 0 || r.mix.batch < 0 || r.mix.new + r.mix.duplicate + r.mix.batch <= 0) throw new OptionValueError('--mix', r.mix, 'shares must be 0 or more, and not all 0');
  return Object.freeze({ ...r, sections: Object.freeze([...r.sections]) as readonly LoadSection[], overloadRatesPerS: Object.freeze([...r.overloadRatesPerS]) as number[], mix: Object.freeze({ ...r.mix }) });
}
