import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadFlyerCatalog } from '../reference-impl/mocks/flyer-catalog.ts';
import { fixedProfile } from './helpers/profiles.ts';
import { profileFile, startServerProcess, type ServerProcess } from './helpers/processes.ts';
import { REDIS_URL, describeWithRedis, dropPrefix, testPrefix } from './helpers/redis.ts';

const catalog = loadFlyerCatalog();
const flyer = catalog.events()[7]!;
const prefix = testPrefix();
let servers: ServerProcess[] = [];

describeWithRedis('four server processes on one Redis', () => {
  beforeAll(async () => {
    // A long AI call, so the 50 requests all arrive while the first is still in flight.
    const env = {
      REDIS_URL,
      REDIS_PREFIX: prefix,
      LATENCY_PROFILE: profileFile(fixedProfile({ 'ai.event': 400, 'ai.metadata': 400 })),
    };
    servers = await Promise.all(Array.from({ length: 4 }, () => startServerProcess(env)));
  }, 60_000);

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await dropPrefix(prefix);
  });

  it('make exactly one AI call for 50 concurrent identical requests, and all 50 users get the expected event', async () => {
    const image = catalog.base64(flyer);
    const accepted = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const server = servers[i % servers.length]!;
        const res = await fetch(`${server.url}/api/events/from-image`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ path: 'optimized', base64Image: image, timezone: 'Europe/Madrid', userId: `user-${i}` }),
        });
        expect(res.status).toBe(202);
        return { server, jobId: ((await res.json()) as { jobId: string }).jobId };
      }),
    );
    const jobs = await Promise.all(
      accepted.map(async ({ server, jobId }) => {
        for (;;) {
          const job = (await (await fetch(`${server.url}/api/jobs/${jobId}`)).json()) as any;
          if (job.status === 'succeeded' || job.status === 'failed') return job;
          await new Promise((r) => setTimeout(r, 20));
        }
      }),
    );
    expect(jobs.map((j) => j.status)).toEqual(Array(50).fill('succeeded'));
    for (const [i, job] of jobs.entries()) {
      const { id: _id, userId, createdAt: _c, imageUrl: _u, visibility: _v, metadata, ...event } = job.event;
      expect(event).toEqual(flyer.expected.event);
      expect(metadata).toEqual(flyer.expected.metadata);
      expect(userId).toBe(`user-${i}`);
    }
    const calls = async (kind: string) => (await Promise.all(servers.map((s) => s.metric(`pipeline_ai_calls_total{kind="${kind}"}`)))).reduce((a, b) => a + b, 0);
    expect(await calls('event')).toBe(1);
    expect(await calls('metadata')).toBe(1);
    const collapsed = (await Promise.all(servers.map((s) => s.metric('pipeline_dedup_collapsed_total')))).reduce((a, b) => a + b, 0);
    const hits = (await Promise.all(servers.map((s) => s.metric('pipeline_cache_hits_total')))).reduce((a, b) => a + b, 0);
    expect(collapsed + hits).toBe(49);
  }, 60_000);
});
