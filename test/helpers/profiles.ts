import { DEPENDENCIES, parseLatencyProfile, type Dependency, type LatencyProfile } from '../../reference-impl/latency/latency-profile.ts';

/** A profile with fixed delays (profile ms) for the named dependencies and zero for the rest. */
export function fixedProfile(delays: Partial<Record<Dependency, number>>, extra: Partial<Pick<LatencyProfile, 'limits'>> & { faults?: Partial<Record<Dependency, { errorRate: number; errorStatus?: number }>> } = {}): LatencyProfile {
  const dependencies = Object.fromEntries(
    DEPENDENCIES.map((d) => [
      d,
      {
        distribution: { kind: 'fixed', ms: delays[d] ?? 0 },
        basis: 'test',
        ...(extra.faults?.[d] ? { faults: { errorStatus: 503, ...extra.faults[d] } } : {}),
      },
    ]),
  );
  return parseLatencyProfile({ name: 'test-fixed', description: 'fixed delays for a test', dependencies, limits: extra.limits ?? {} }, 'test');
}
