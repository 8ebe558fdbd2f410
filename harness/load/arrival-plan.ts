import { seededRandom } from '../stats.ts';

/** What one arrival of an open-model load sends. */
export type ArrivalKind = 'new' | 'duplicate' | 'batch';

export interface Arrival {
  /** Milliseconds after the load's start at which it is due: the origin of its latencies. */
  atMs: number;
  kind: ArrivalKind;
  flyerIds: string[];
  timezone: string;
}

/** Shares of each kind in the traffic; they need not sum to one (they are normalised). */
export type TrafficMix = Record<ArrivalKind, number>;

export interface ArrivalPlanInput {
  ratePerS: number;
  durationMs: number;
  mix: TrafficMix;
  batchImages: number;
  /** Where new (image, timezone) pairs come from; share one between plans of one server. */
  pairs: FreshPairs;
  seed: number;
}

/**
 * A constant-rate arrival schedule (arrival i is due at i / rate): the open model, in which a
 * slow server cannot slow the offered load down. New arrivals take an (image, timezone) pair
 * not sent before, so they miss the cache; duplicates repeat one that was. Pure, seeded.
 */
export function planArrivals(input: ArrivalPlanInput): Arrival[] {
  if (!(input.ratePerS > 0) || !(input.durationMs > 0)) throw new Error('an arrival plan needs a positive rate and duration');
  const random = seededRandom(input.seed);
  const total = input.mix.new + input.mix.duplicate + input.mix.batch;
  if (!(total > 0)) throw new Error('the traffic mix is empty');
  const count = Math.floor((input.ratePerS * input.durationMs) / 1000);
  const fresh = input.pairs;
  const seen: { flyerId: string; timezone: string }[] = [];
  const arrivals: Arrival[] = [];
  for (let i = 0; i < count; i++) {
    const atMs = (i * 1000) / input.ratePerS;
    const u = random() * total;
    let kind: ArrivalKind = u < input.mix.new ? 'new' : u < input.mix.new + input.mix.duplicate ? 'duplicate' : 'batch';
    // A duplicate needs something seen first; the first arrivals are new whatever the draw.
    if (kind === 'duplicate' && seen.length === 0) kind = 'new';
    if (kind === 'duplicate') {
      const pick = seen[Math.floor(random() * seen.length)]!;
      arrivals.push({ atMs, kind, flyerIds: [pick.flyerId], timezone: pick.timezone });
      continue;
    }
    // A batch shares one timezone; its images are different flyers never sent with it.
    const size = kind === 'batch' ? input.batchImages : 1;
    const pairs = fresh.take(size);
    arrivals.push({ atMs, kind, flyerIds: pairs.map((p) => p.flyerId), timezone: pairs[0]!.timezone });
    if (kind === 'new') seen.push(pairs[0]!);
  }
  return arrivals;
}

/**
 * Hands out (flyer, timezone) pairs in order, a timezone at a time, never the same pair twice:
 * each is new to the server's cache (whose key holds the image and the timezone).
 */
export class FreshPairs {
  private tz = 0;
  private next = 0;

  constructor(
    private readonly flyerIds: readonly string[],
    private readonly timezones: readonly string[],
  ) {}

  /** Pairs not handed out yet. */
  get left(): number {
    return (this.timezones.length - this.tz) * this.flyerIds.length - this.next;
  }

  /** `n` different flyers with one timezone. */
  take(n: number): { flyerId: string; timezone: string }[] {
    if (n > this.flyerIds.length) throw new Error(`a batch of ${n} needs ${n} flyers; there are ${this.flyerIds.length}`);
    if (this.next + n > this.flyerIds.length) {
      this.tz++;
      this.next = 0;
    }
    if (this.tz >= this.timezones.length) throw new Error('out of fresh (image, timezone) pairs: lower the rate or the duration');
    const out = this.flyerIds.slice(this.next, this.next + n).map((flyerId) => ({ flyerId, timezone: this.timezones[this.tz]! }));
    this.next += n;
    return out;
  }
}
