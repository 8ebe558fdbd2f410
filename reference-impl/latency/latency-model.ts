import { createHash } from 'node:crypto';
import type { Dependency, Distribution, LatencyProfile } from './latency-profile.ts';

/** z of the standard normal at the 95th percentile: lognormal sigma from median and p95. */
const Z95 = 1.6448536269514722;
const TWO_POW_48 = 2 ** 48;

/** What a draw depends on, and nothing else: the same inputs give the same delay. */
export interface DrawKey {
  seed: number;
  /** Content hash of the request (the image's SHA-256, plus any salt the client sent). */
  contentKey: string;
  /** 0 for the first attempt, then 1, 2, ... for retries. */
  attempt: number;
}

/**
 * Uniform numbers in (0, 1) from a hash of the parts: independent streams for each
 * (profile, dependency, key, attempt, purpose) without any shared generator state.
 */
export function hashUniforms(parts: readonly (string | number)[], count: number): number[] {
  const digest = createHash('sha256').update(parts.join('\u0000')).digest();
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    // 48 bits each; +0.5 keeps the value strictly inside (0, 1) so log() is finite.
    out.push((digest.readUIntBE(i * 6, 6) + 0.5) / TWO_POW_48);
  }
  return out;
}

/** The distribution's value at uniforms (u1, u2); pure, exact. */
export function sampleDistribution(distribution: Distribution, u1: number, u2: number): number {
  switch (distribution.kind) {
    case 'fixed':
      return distribution.ms;
    case 'uniform':
      return distribution.minMs + u1 * (distribution.maxMs - distribution.minMs);
    case 'empirical': {
      const samples = distribution.samplesMs;
      return samples[Math.min(samples.length - 1, Math.floor(u1 * samples.length))] ?? 0;
    }
    case 'lognormal': {
      if (distribution.medianMs === 0) return 0;
      const sigma = (Math.log(distribution.p95Ms) - Math.log(distribution.medianMs)) / Z95;
      const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
      const value = distribution.medianMs * Math.exp(sigma * z);
      return distribution.maxMs === undefined ? value : Math.min(value, distribution.maxMs);
    }
  }
}

/** The injected delay, in profile milliseconds, of one attempt at one dependency. */
export function drawDelayMs(profile: LatencyProfile, dependency: Dependency, key: DrawKey): number {
  const [u1 = 0.5, u2 = 0.5] = hashUniforms([profile.name, key.seed, dependency, key.contentKey, key.attempt, 'delay'], 2);
  const spec = profile.dependencies[dependency];
  return sampleDistribution(spec.distribution, u1, u2) + (spec.extraMs ?? 0);
}

/** The status of an injected fault for this attempt, or undefined when it succeeds. */
export function drawFault(profile: LatencyProfile, dependency: Dependency, key: DrawKey): number | undefined {
  const faults = profile.dependencies[dependency].faults;
  if (!faults || faults.errorRate === 0) return undefined;
  const [u = 1] = hashUniforms([profile.name, key.seed, dependency, key.contentKey, key.attempt, 'fault'], 1);
  return u < faults.errorRate ? faults.errorStatus : undefined;
}

/** Converts profile milliseconds to wall milliseconds. */
export function toWallMs(profileMs: number, timeScale: number): number {
  return profileMs * timeScale;
}
