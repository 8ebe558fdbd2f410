import { afterAll, expect, it } from 'vitest';
import { loadFlyerCatalog } from '../reference-impl/mocks/flyer-catalog.ts';
import { postImage, waitForJob } from './helpers/http.ts';
import { startServerProcess, type ServerProcess } from './helpers/processes.ts';
import { REDIS_URL, describeWithRedis, dropPrefix, testPrefix } from './helpers/redis.ts';

const catalog = loadFlyerCatalog();
const prefix = testPrefix();
const env = { REDIS_URL, REDIS_PREFIX: prefix, LATENCY_PROFILE: 'zero' };
const started: ServerProcess[] = [];

describeWithRedis('the AI-result cache on Redis', () => {
  afterAll(async () => {
    await Promise.all(started.map((s) => s.stop()));
    await dropPrefix(prefix);
  });

  it('is written by one process and hit by another that starts later', async () => {
    const request = { path: 'optimized', base64Image: catalog.base64(catalog.events()[9]!), timezone: 'Asia/Tokyo', userId: 'cache-user' };
    const first = await startServerProcess(env);
    started.push(first);
    const written = await waitForJob(first.url, (await postImage(first.url, request)).body.jobId);
    expect(written.counters).toMatchObject({ cacheHit: false, aiCalls: 2 });
    await first.stop();

    // The first process is gone: only Redis can answer the second request's extraction.
    const second = await startServerProcess(env);
    started.push(second);
    const hit = await waitForJob(second.url, (await postImage(second.url, { ...request, userId: 'other-user' })).body.jobId);
    expect(hit.status).toBe('succeeded');
    expect(hit.counters).toMatchObject({ cacheHit: true, aiCalls: 0 });
    expect(hit.event.name).toBe(written.event.name);
    expect(hit.event.userId).toBe('other-user');
    expect(await second.metric('pipeline_ai_calls_total{kind="event"}')).toBe(0);
    expect(await second.metric('pipeline_cache_hits_total')).toBe(1);
  }, 60_000);
});
