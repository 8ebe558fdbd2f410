import { afterAll, expect, it } from 'vitest';
import { SseClient } from '../harness/sse-client.ts';
import { loadFlyerCatalog } from '../reference-impl/mocks/flyer-catalog.ts';
import { postImage } from './helpers/http.ts';
import { startServerProcess, type ServerProcess } from './helpers/processes.ts';
import { REDIS_URL, describeWithRedis, dropPrefix, testPrefix } from './helpers/redis.ts';

const catalog = loadFlyerCatalog();
const prefix = testPrefix();
const started: ServerProcess[] = [];

describeWithRedis('notifications on Redis', () => {
  afterAll(async () => {
    await Promise.all(started.map((s) => s.stop()));
    await dropPrefix(prefix);
  });

  it('for work done in process A reach a client connected to process B, and replay there', async () => {
    const env = { REDIS_URL, REDIS_PREFIX: prefix, LATENCY_PROFILE: 'zero' };
    const a = await startServerProcess(env);
    // B runs no workers, so the job cannot run where the client is.
    const b = await startServerProcess({ ...env, RUN_WORKERS: 'false' });
    started.push(a, b);
    const onB = await SseClient.connect(`${b.url}/api/notifications/stream?userId=cross`);
    const { body } = await postImage(a.url, { path: 'direct', base64Image: catalog.base64(catalog.events()[11]!), timezone: 'UTC', userId: 'cross' });
    const created = await onB.waitFor((e) => e.type === 'event.created' && e.data.jobId === body.jobId, 10_000);
    const stored = onB.events.find((e) => e.type === 'event.stored' && e.data.jobId === body.jobId)!;
    expect(stored).toBeDefined();
    onB.close();

    // Reconnecting to A with the id of `event.stored` replays what came after it.
    const onA = await SseClient.connect(`${a.url}/api/notifications/stream?userId=cross`, { lastEventId: stored.id! });
    const replayed = await onA.waitFor((e) => e.type === 'event.created', 5000);
    expect(replayed.id).toBe(created.id);
    onA.close();
  }, 60_000);
});
