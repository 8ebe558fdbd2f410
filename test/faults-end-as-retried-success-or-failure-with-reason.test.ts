import { afterEach, describe, expect, it } from 'vitest';
import { loadFlyerCatalog } from '../reference-impl/mocks/flyer-catalog.ts';
import type { LatencyProfile } from '../reference-impl/latency/latency-profile.ts';
import { fixedProfile } from './helpers/profiles.ts';
import { startTestServer, type TestServer } from './helpers/test-server.ts';

const catalog = loadFlyerCatalog();
/** Fast retries: the mocks' retry-after, in profile ms. */
const quickRetries = {
  ai: { retryAfterMs: 1, basis: 'test' },
  upload: { retryAfterMs: 1, basis: 'test' },
  push: { retryAfterMs: 1, basis: 'test' },
};
let server: TestServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function runOne(profile: LatencyProfile, path = 'optimized', options = {}) {
  server = await startTestServer({ retryBackoffMs: 1, ...options }, { profile });
  const { body } = await server.post('/api/events/from-image', {
    path,
    base64Image: catalog.base64(catalog.events()[5]!),
    timezone: 'UTC',
    userId: 'faults',
  });
  return server.waitForJob(body.jobId);
}

describe('an upload that always fails', () => {
  const profile = fixedProfile({}, { limits: quickRetries, faults: { upload: { errorRate: 1, errorStatus: 500 } } });

  it.each(['direct', 'optimized', 'workflow'])('on %s keeps the finished AI work: the event is stored without its image', async (path) => {
    const job = await runOne(profile, path);
    expect(job.status).toBe('succeeded');
    expect(job.event.imageUrl).toBeNull();
    expect(job.event.name).toBe(catalog.events()[5]!.expected.event.name);
    expect(job.warnings[0]).toMatch(/upload failed after 3 attempt\(s\): status 500/);
    expect(server!.services.mocks!.counters.uploads).toBe(3);
    expect(job.timings.steps.find((s: { name: string }) => s.name === 'upload')).toMatchObject({ attempts: 3, note: 'error' });
  });
});

describe('the AI provider', () => {
  it('answering 503 on some attempts is retried to a success', async () => {
    // Half the attempts fail; with the SDK's retries nearly every image gets through.
    const job = await runOne(fixedProfile({}, { limits: quickRetries, faults: { 'ai.event': { errorRate: 0.5 }, 'ai.metadata': { errorRate: 0.5 } } }), 'optimized', { aiMaxRetries: 6 });
    expect(job.status).toBe('succeeded');
    const counters = server!.services.mocks!.counters;
    // The draws are fixed by seed and image: this image meets at least one fault.
    expect(counters.faults).toBeGreaterThan(0);
    expect(counters.aiCalls).toBe(2 + counters.faults);
    expect(job.timings.steps.some((s: { attempts?: number }) => (s.attempts ?? 1) > 1)).toBe(counters.faults > 0);
  });

  it('failing every attempt ends the job as failed with reason ai_unavailable, and says so on the stream', async () => {
    server = await startTestServer({ aiMaxRetries: 2 }, { profile: fixedProfile({}, { limits: quickRetries, faults: { 'ai.event': { errorRate: 1 } } }) });
    const stream = await server.stream('faults');
    const { body } = await server.post('/api/events/from-image', { path: 'direct', base64Image: catalog.base64(catalog.events()[1]!), timezone: 'UTC', userId: 'faults' });
    const job = await server.waitForJob(body.jobId);
    expect(job.status).toBe('failed');
    expect(job.error).toEqual({ code: 'ai_unavailable', message: 'the AI provider failed (status 503)' });
    expect(server.services.mocks!.counters.aiEventCalls).toBe(3);
    const failed = await stream.waitFor((e) => e.type === 'event.failed' && e.data.jobId === body.jobId, 5000);
    expect(failed.data.reason).toBe('ai_unavailable');
    const metrics = (await server.get('/metrics')).body as string;
    expect(metrics).toMatch(/^pipeline_failures_total\{reason="ai_unavailable"\} 1$/m);
    expect(metrics).toMatch(/^pipeline_jobs_total\{path="direct",status="failed"\} 1$/m);
  });

  it('over its request rate answers 429 with retry-after, which the SDK honours', async () => {
    const profile = fixedProfile({}, { limits: { ai: { requestsPerMinute: 2, retryAfterMs: 60_000, basis: 'test' } } });
    // At time scale 0.001 a "minute" and the retry-after are 60 ms: the second image's calls wait one window.
    server = await startTestServer({ timeScale: 0.001, aiMaxRetries: 5 }, { profile });
    const submit = (i: number) =>
      server!.post('/api/events/from-image', { path: 'direct', base64Image: catalog.base64(catalog.events()[i]!), timezone: 'UTC', userId: 'rl' });
    const jobs = await Promise.all([submit(1), submit(2)].map(async (r) => server!.waitForJob((await r).body.jobId)));
    expect(jobs.map((j) => j.status)).toEqual(['succeeded', 'succeeded']);
    expect(server.services.mocks!.counters.rateLimited).toBeGreaterThan(0);
  });
});
