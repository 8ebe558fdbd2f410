import type { LatencyProfile } from '../reference-impl/latency/latency-profile.ts';
import { sampleDistribution } from '../reference-impl/latency/latency-model.ts';
import type { RecordedCall } from '../reference-impl/providers/recording.ts';
import { percentile, seededRandom } from './stats.ts';

/** A mocked dependency's distribution beside what a real provider was recorded doing. */
export interface RecordingComparisonRow {
  dependency: 'ai.event' | 'ai.metadata';
  mock: { p50: number; p95: number };
  recorded: { n: number; p50: number | null; p95: number | null };
  /** recorded / mock; above 1, the real provider is slower than the profile assumes. */
  ratioP50: number | null;
  ratioP95: number | null;
}

const DRAWS = 20_000;

/** Quantiles of a profile's distribution, from many seeded draws (any kind of distribution). Pure. */
export function profileQuantiles(profile: LatencyProfile, dependency: RecordingComparisonRow['dependency']): { p50: number; p95: number } {
  const random = seededRandom(7);
  const spec = profile.dependencies[dependency];
  const draws = Array.from({ length: DRAWS }, () => sampleDistribution(spec.distribution, Math.max(random(), 1e-12), random()) + (spec.extraMs ?? 0));
  return { p50: percentile(draws, 50), p95: percentile(draws, 95) };
}

/** The profile's AI latencies against the recorded answers' (successful calls only). Pure. */
export function compareWithRecording(profile: LatencyProfile, calls: readonly RecordedCall[]): RecordingComparisonRow[] {
  return (['ai.event', 'ai.metadata'] as const).map((dependency) => {
    const kind = dependency === 'ai.event' ? 'event' : 'metadata';
    const latencies = calls.filter((c) => c.kind === kind && c.status === 200).map((c) => c.latencyMs);
    const mock = profileQuantiles(profile, dependency);
    const p50 = latencies.length ? percentile(latencies, 50) : null;
    const p95 = latencies.length >= 20 ? percentile(latencies, 95) : null;
    return { dependency, mock, recorded: { n: latencies.length, p50, p95 }, ratioP50: p50 === null ? null : p50 / mock.p50, ratioP95: p95 === null ? null : p95 / mock.p95 };
  });
}

/**
 * A latency profile whose AI calls take what the recording measured (empirical samples), the
 * rest as in `base`: the real provider's behaviour, for mock runs. Pure.
 */
export function profileFromRecording(base: LatencyProfile, name: string, calls: readonly RecordedCall[]): LatencyProfile {
  const empirical = (kind: 'event' | 'metadata') => {
    const samplesMs = calls.filter((c) => c.kind === kind && c.status === 200).map((c) => Math.round(c.latencyMs * 1000) / 1000);
    return samplesMs.length ? { distribution: { kind: 'empirical' as const, samplesMs }, basis: `Measured: ${samplesMs.length} successful ${kind} calls in the recording ${name}.` } : base.dependencies[`ai.${kind}`];
  };
  return {
    ...base,
    name: `recorded-${name}`,
    description: `The AI latencies of the recording ${name}; every other dependency as in the ${base.name} profile.`,
    dependencies: { ...base.dependencies, 'ai.event': empirical('event'), 'ai.metadata': empirical('metadata') },
  };
}
