import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadFlyerCatalog } from '../reference-impl/mocks/flyer-catalog.ts';
import { fixedProfile } from './helpers/profiles.ts';
import { startTestServer, type TestServer } from './helpers/test-server.ts';

const catalog = loadFlyerCatalog();
const flyer = catalog.events()[3]!;
const image = catalog.base64(flyer);
let server: TestServer;

beforeEach(async () => {
  // A real AI delay, so concurrent requests overlap while the first call is in flight.
  server = await startTestServer({}, { profile: fixedProfile({ 'ai.event': 50, 'ai.metadata': 50 }) });
});
afterEach(async () => {
  await server.close();
});

const submit = (userId: string, extra: Record<string, unknown> = {}) =>
  server.post('/api/events/from-image', { path: 'optimized', base64Image: image, timezone: 'Europe/Paris', userId, ...extra });

describe('the AI-result cache', () => {
  it('serves a repeated image without a second AI call', async () => {
    const first = await server.waitForJob((await submit('a')).body.jobId);
    const second = await server.waitForJob((await submit('b')).body.jobId);
    expect(first.counters).toMatchObject({ aiCalls: 2, cacheHit: false });
    expect(second.counters).toMatchObject({ aiCalls: 0, cacheHit: true });
    expect(server.services.mocks!.counters.aiEventCalls).toBe(1);
    expect(server.services.mocks!.counters.aiMetadataCalls).toBe(1);
    // Only the AI output is shared: each user gets their own event.
    expect(second.event.userId).toBe('b');
    expect(second.eventId).not.toBe(first.eventId);
  });

  it('misses when only the timezone differs', async () => {
    await server.waitForJob((await submit('a')).body.jobId);
    const other = await server.waitForJob((await submit('a', { timezone: 'Asia/Tokyo' })).body.jobId);
    expect(other.counters.cacheHit).toBe(false);
    expect(server.services.mocks!.counters.aiEventCalls).toBe(2);
  });

  it('is not used by the direct path', async () => {
    await server.waitForJob((await submit('a', { path: 'direct' })).body.jobId);
    await server.waitForJob((await submit('a', { path: 'direct' })).body.jobId);
    expect(server.services.mocks!.counters.aiEventCalls).toBe(2);
  });
});

describe('request dedup', () => {
  it('makes ten concurrent identical requests share one AI call', async () => {
    const accepted = await Promise.all(Array.from({ length: 10 }, (_, i) => submit(`user-${i}`)));
    const jobs = await Promise.all(accepted.map((r) => server.waitForJob(r.body.jobId)));
    expect(jobs.every((j) => j.status === 'succeeded')).toBe(true);
    expect(server.services.mocks!.counters.aiEventCalls).toBe(1);
    expect(server.services.mocks!.counters.aiMetadataCalls).toBe(1);
    expect(jobs.filter((j) => j.counters.aiCalls === 2)).toHaveLength(1);
    // Every other job was served by the cache or by joining the call in flight.
    expect(jobs.filter((j) => j.counters.cacheHit || j.counters.dedupShared)).toHaveLength(9);
    for (const job of jobs) expect(job.event.name).toBe(flyer.expected.event.name);
  });

  it('shares in-flight calls even with the cache off', async () => {
    const accepted = await Promise.all(Array.from({ length: 10 }, (_, i) => submit(`user-${i}`, { optimizations: ['dedup'] })));
    const jobs = await Promise.all(accepted.map((r) => server.waitForJob(r.body.jobId)));
    expect(server.services.mocks!.counters.aiEventCalls).toBe(1);
    expect(jobs.filter((j) => j.counters.dedupShared)).toHaveLength(9);
  });

  it('is counted in the metrics', async () => {
    const accepted = await Promise.all(Array.from({ length: 4 }, (_, i) => submit(`user-${i}`, { optimizations: ['dedup'] })));
    await Promise.all(accepted.map((r) => server.waitForJob(r.body.jobId)));
    const metrics = (await server.get('/metrics')).body as string;
    expect(metrics).toMatch(/^pipeline_dedup_collapsed_total 3$/m);
    expect(metrics).toMatch(/^pipeline_ai_calls_total\{kind="event"\} 1$/m);
  });
});
