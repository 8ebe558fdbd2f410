import { afterAll, expect, it } from 'vitest';
import { SseClient } from '../harness/sse-client.ts';
import { loadFlyerCatalog } from '../reference-impl/mocks/flyer-catalog.ts';
import { postImage, until, waitForJob } from './helpers/http.ts';
import { fixedProfile } from './helpers/profiles.ts';
import { profileFile, startServerProcess, startWorkerProcess } from './helpers/processes.ts';
import { REDIS_URL, describeWithRedis, dropPrefix, testPrefix, testRedis } from './helpers/redis.ts';

const catalog = loadFlyerCatalog();
const prefix = testPrefix();
const redis = testRedis();
const stops: (() => Promise<unknown>)[] = [];

describeWithRedis('a worker killed in the middle of a workflow', () => {
  afterAll(async () => {
    await Promise.all(stops.map((stop) => stop()));
    await dropPrefix(prefix);
    redis.disconnect();
  });

  it('leaves the workflow to another worker, which finishes it with one event and one notification', async () => {
    const env = {
      REDIS_URL,
      REDIS_PREFIX: prefix,
      // The insert step takes long enough to kill its worker inside it.
      LATENCY_PROFILE: profileFile(fixedProfile({ 'ai.event': 50, 'ai.metadata': 50, 'db.insert': 2000, 'workflow.hop': 10 })),
      QUEUE_LOCK_DURATION_MS: '1500',
      QUEUE_STALLED_INTERVAL_MS: '500',
    };
    // The HTTP server runs no workers: the work happens in the worker processes only.
    const api = await startServerProcess({ ...env, RUN_WORKERS: 'false' });
    stops.push(() => api.stop());
    const doomed = await startWorkerProcess(env);
    stops.push(() => doomed.stop('SIGKILL'));
    const stream = await SseClient.connect(`${api.url}/api/notifications/stream?userId=wf-user`);
    stops.push(async () => stream.close());

    const { body } = await postImage(api.url, { path: 'workflow', base64Image: catalog.base64(catalog.events()[2]!), timezone: 'UTC', userId: 'wf-user' });
    const statuses = `${prefix}:workflow:${body.jobId}:statuses`;
    await until(async () => (await redis.hget(statuses, '3:insert')) === 'pending', 'the insert step to start');
    await doomed.stop('SIGKILL');

    const rescuer = await startWorkerProcess(env);
    stops.push(() => rescuer.stop());
    const job = await waitForJob(api.url, body.jobId, 30_000);
    expect(job.status).toBe('succeeded');
    expect(job.event.name).toBe(catalog.events()[2]!.expected.event.name);
    await stream.waitFor((e) => e.type === 'event.created' && e.data.jobId === body.jobId, 10_000);
    // Give a duplicate every chance to show up before counting.
    await new Promise((r) => setTimeout(r, 1000));
    expect(stream.events.filter((e) => e.type === 'event.created' && e.data.jobId === body.jobId)).toHaveLength(1);
    expect(await redis.keys(`${prefix}:event:*`)).toHaveLength(1);
    expect(await redis.hget(`${prefix}:workflow:${body.jobId}`, 'status')).toBe('"completed"');
  }, 60_000);
});
