import { createHash } from 'node:crypto';
import type { Scenario, Variant, Workload } from './scenario-spec.ts';

/**
 * Which units (requests or batches) a workload sends, in order: warm-up first, then the
 * repetitions with the variants interleaved (A B C A B C ...). Pure and deterministic.
 *
 * Within a repetition every variant sends the same images with the same latency salt, so the
 * injected delays are paired across variants; each variant gets its own timezone, so no variant
 * meets another's cache entry. A duplicate repetition shares one timezone: its image is primed
 * once and every variant then sends it again.
 */
export interface Unit {
  /** `scenario/workload/variant/r3` (warm-up: `w0`). */
  id: string;
  scenario: string;
  workload: string;
  variant: Variant;
  kind: Workload['send']['kind'];
  warmup: boolean;
  /** 0-based within warm-up or within the measured repetitions. */
  repetition: number;
  flyerIds: string[];
  timezone: string;
  /** Sent as `x-latency-salt`: the same for every variant of a repetition. */
  salt: string;
  /** For duplicates: the key of the prime they share (sent once per repetition). */
  primeKey?: string;
}

/** Hands out timezones so that no (flyer, timezone) pair is sent twice in a run, unless on purpose. */
export class PairAllocator {
  private readonly used = new Set<string>();
  private cursor = 0;

  constructor(private readonly timezones: readonly string[]) {
    if (timezones.length === 0) throw new Error('no timezones to allocate');
  }

  /** The next timezone none of these flyers was sent with; marks the pairs used. */
  take(flyerIds: readonly string[]): string {
    for (let tried = 0; tried < this.timezones.length; tried++) {
      const timezone = this.timezones[this.cursor % this.timezones.length]!;
      this.cursor++;
      if (flyerIds.every((id) => !this.used.has(`${id}|${timezone}`))) {
        for (const id of flyerIds) this.used.add(`${id}|${timezone}`);
        return timezone;
      }
    }
    throw new Error(`every timezone was already used with one of ${flyerIds.join(', ')}: the run is too long for its fixtures`);
  }
}

export interface PlanInput {
  scenario: Scenario;
  workload: Workload;
  repetitions: number;
  warmup: number;
  /** The event flyers to rotate through. */
  flyerIds: readonly string[];
  /** Joins every salt, so runs with different seeds draw differently. */
  seed: number;
  /** Where in the flyer rotation this workload starts (so workloads do not all start on one flyer). */
  offset: number;
}

/**
 * Where a workload starts in the flyer rotation: from its name, not its place in the run, so a
 * run of some scenarios sends each workload exactly what a run of all of them sends (the gate's
 * confirmation run and a `--scenarios` run pair with the baseline image by image). Pure.
 */
export function rotationStart(scenario: string, workload: string, flyers: number): number {
  return Number.parseInt(createHash('sha256').update(`${scenario}/${workload}`).digest('hex').slice(0, 8), 16) % flyers;
}

export function planWorkload(input: PlanInput, pairs: PairAllocator): Unit[] {
  const { scenario, workload, repetitions, warmup, flyerIds, seed, offset } = input;
  const units: Unit[] = [];
  const perUnit = workload.send.kind === 'batch' ? workload.send.images : 1;
  if (perUnit > flyerIds.length) throw new Error(`${scenario.name}/${workload.name}: ${perUnit} images per batch, but only ${flyerIds.length} fixture flyers`);
  const total = warmup + repetitions;
  for (let r = 0; r < total; r++) {
    const isWarmup = r < warmup;
    const repetition = isWarmup ? r : r - warmup;
    const tag = isWarmup ? `w${repetition}` : `r${repetition}`;
    const start = (offset + r * perUnit) % flyerIds.length;
    const flyers = Array.from({ length: perUnit }, (_, i) => flyerIds[(start + i) % flyerIds.length]!);
    const salt = `${seed}:${scenario.name}:${workload.name}:${tag}`;
    const shared = workload.send.kind === 'duplicate' ? pairs.take(flyers) : undefined;
    for (const variant of workload.variants) {
      units.push({
        id: `${scenario.name}/${workload.name}/${variant.name}/${tag}`,
        scenario: scenario.name,
        workload: workload.name,
        variant,
        kind: workload.send.kind,
        warmup: isWarmup,
        repetition,
        flyerIds: flyers,
        timezone: shared ?? pairs.take(flyers),
        salt,
        ...(shared === undefined ? {} : { primeKey: `${scenario.name}/${workload.name}/${tag}` }),
      });
    }
  }
  return units;
}

/** Repetitions after the run's scale: never below one. Pure. */
export function scaledRepetitions(scenario: Scenario, workload: Workload, scale: number): number {
  return Math.max(1, Math.round((workload.repetitions ?? scenario.repetitions) * scale));
}
