import { afterAll, expect, it } from 'vitest';
import { loadFlyerCatalog } from '../reference-impl/mocks/flyer-catalog.ts';
import { postImage, until, waitForJob } from './helpers/http.ts';
import { fixedProfile } from './helpers/profiles.ts';
import { profileFile, startServerProcess, type ServerProcess } from './helpers/processes.ts';
import { REDIS_URL, describeWithRedis, dropPrefix, testPrefix, testRedis } from './helpers/redis.ts';

const catalog = loadFlyerCatalog();
const prefix = testPrefix();
const redis = testRedis();
const started: ServerProcess[] = [];

describeWithRedis('a dedup lock whose holder is killed', () => {
  afterAll(async () => {
    await Promise.all(started.map((s) => s.stop('SIGKILL')));
    await dropPrefix(prefix);
    redis.disconnect();
  });

  it('expires, another process does the work, and each request ends with exactly one event', async () => {
    const env = {
      REDIS_URL,
      REDIS_PREFIX: prefix,
      // The AI call outlives the holder; short lock and queue timeouts make the takeover quick.
      LATENCY_PROFILE: profileFile(fixedProfile({ 'ai.event': 3000, 'ai.metadata': 3000 })),
      DEDUP_LOCK_TTL_MS: '1000',
      QUEUE_LOCK_DURATION_MS: '1500',
      QUEUE_STALLED_INTERVAL_MS: '500',
    };
    const request = { path: 'optimized', base64Image: catalog.base64(catalog.events()[4]!), timezone: 'UTC' };
    const holder = await startServerProcess(env);
    started.push(holder);
    const first = await postImage(holder.url, { ...request, userId: 'first' });
    await until(async () => (await redis.keys(`${prefix}:lock:*`)).length === 1, 'the dedup lock to be taken');

    const survivor = await startServerProcess(env);
    started.push(survivor);
    const second = await postImage(survivor.url, { ...request, userId: 'second' });
    await holder.stop('SIGKILL');

    const jobs = await Promise.all([first, second].map((r) => waitForJob(survivor.url, r.body.jobId, 30_000)));
    expect(jobs.map((j) => j.status)).toEqual(['succeeded', 'succeeded']);
    expect(jobs.map((j) => j.event.userId)).toEqual(['first', 'second']);
    // After the kill, the image was read once, by the survivor.
    expect(await survivor.metric('pipeline_ai_calls_total{kind="event"}')).toBe(1);
    // One event per request: the first request's job, run again after its worker died, made no second one.
    expect(await redis.keys(`${prefix}:event:*`)).toHaveLength(2);
    expect(await redis.keys(`${prefix}:lock:*`)).toHaveLength(0);
  }, 60_000);
});
