import { describe, expect, it } from 'vitest';
import { compareWithRecording, profileFromRecording, profileQuantiles } from '../harness/recording-comparison.ts';
import type { RecordedCall } from '../reference-impl/providers/recording.ts';
import { fixedProfile } from './helpers/profiles.ts';

const call = (kind: 'event' | 'metadata', latencyMs: number, status = 200): RecordedCall => ({ seq: 0, kind, imageSha256: 'x', model: 'm', attempt: 0, status, latencyMs, headers: {}, body: '{}', usage: null });
const calls = [...Array.from({ length: 40 }, (_, i) => call('event', 100 + i * 10)), ...Array.from({ length: 10 }, (_, i) => call('metadata', 50 + i)), call('event', 99_999, 429)];

describe('a recording', () => {
  it('is compared with the profile: exact quantiles on both sides, failed calls left out', () => {
    const profile = fixedProfile({ 'ai.event': 200, 'ai.metadata': 100 });
    expect(profileQuantiles(profile, 'ai.event')).toEqual({ p50: 200, p95: 200 });
    const [event, metadata] = compareWithRecording(profile, calls);
    expect(event).toEqual({ dependency: 'ai.event', mock: { p50: 200, p95: 200 }, recorded: { n: 40, p50: 290, p95: 470 }, ratioP50: 1.45, ratioP95: 2.35 });
    // Ten calls: a median, but too few for a p95.
    expect(metadata!.recorded).toEqual({ n: 10, p50: 54, p95: null });
  });

  it('becomes an empirical profile of its own, the rest kept from the base', () => {
    const base = fixedProfile({ upload: 300 });
    const profile = profileFromRecording(base, 'rec', calls);
    expect(profile.name).toBe('recorded-rec');
    expect(profile.dependencies['ai.event'].distribution).toEqual({ kind: 'empirical', samplesMs: calls.slice(0, 40).map((c) => c.latencyMs) });
    expect(profile.dependencies['ai.event'].basis).toMatch(/^Measured: 40 successful event calls/);
    expect(profile.dependencies.upload).toEqual(base.dependencies.upload);
  });
});
