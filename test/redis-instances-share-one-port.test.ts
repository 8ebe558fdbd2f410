import { afterAll, expect, it } from 'vitest';
import { loadFlyerCatalog } from '../reference-impl/mocks/flyer-catalog.ts';
import { postImage, waitForJob } from './helpers/http.ts';
import { startServerProcess, type ServerProcess } from './helpers/processes.ts';
import { REDIS_URL, describeWithRedis, dropPrefix, testPrefix } from './helpers/redis.ts';

const catalog = loadFlyerCatalog();
const prefix = testPrefix();
let server: ServerProcess | undefined;

describeWithRedis('INSTANCES=3', () => {
  afterAll(async () => {
    expect(await server?.stop()).toBe(0);
    await dropPrefix(prefix);
  });

  it('serves from three processes on one port, any of them answering for any job', async () => {
    server = await startServerProcess({ REDIS_URL, REDIS_PREFIX: prefix, LATENCY_PROFILE: 'zero', INSTANCES: '3' });
    const pids = new Set<number>();
    for (let i = 0; i < 30; i++) {
      // A new connection each time, so the cluster can hand it to another process.
      const res = await fetch(`${server.url}/healthz`, { headers: { connection: 'close' } });
      pids.add(((await res.json()) as { pid: number }).pid);
    }
    expect(pids.size).toBe(3);
    const { body } = await postImage(server.url, { path: 'workflow', base64Image: catalog.base64(catalog.events()[6]!), timezone: 'UTC', userId: 'inst' });
    const job = await waitForJob(server.url, body.jobId);
    expect(job.status).toBe('succeeded');
  }, 60_000);
});

it('INSTANCES above 1 without REDIS_URL stops at start-up naming the variable', async () => {
  await expect(startServerProcess({ INSTANCES: '2', REDIS_URL: '' })).rejects.toThrow(/exited with 1/);
});
