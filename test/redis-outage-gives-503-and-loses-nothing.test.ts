import { afterAll, expect, it } from 'vitest';
import { loadFlyerCatalog } from '../reference-impl/mocks/flyer-catalog.ts';
import { postImage, until, waitForJob } from './helpers/http.ts';
import { fixedProfile } from './helpers/profiles.ts';
import { profileFile, startRedisServer, startServerProcess, type ServerProcess } from './helpers/processes.ts';
import { describeWithRedis } from './helpers/redis.ts';

const catalog = loadFlyerCatalog();
let server: ServerProcess | undefined;
let redis: Awaited<ReturnType<typeof startRedisServer>> | undefined;

describeWithRedis('when Redis stops answering mid-run', () => {
  afterAll(async () => {
    await server?.stop('SIGKILL');
    await redis?.stop();
  });

  it('requests fail fast with a 503, service resumes when it is back, and every accepted image ends with an outcome', async () => {
    // A Redis of this test's own, so pausing it disturbs no other test.
    redis = await startRedisServer();
    server = await startServerProcess({
      REDIS_URL: redis.url,
      REDIS_PREFIX: 'outage',
      REDIS_COMMAND_TIMEOUT_MS: '500',
      QUEUE_LOCK_DURATION_MS: '1500',
      QUEUE_STALLED_INTERVAL_MS: '500',
      LATENCY_PROFILE: profileFile(fixedProfile({ 'ai.event': 300, 'ai.metadata': 300 })),
    });
    const url = server.url;
    const send = (i: number) => postImage(url, { path: i % 2 ? 'workflow' : 'optimized', base64Image: catalog.base64(catalog.events()[i]!), timezone: 'UTC', userId: 'outage' });
    const accepted: string[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await send(i);
      expect(res.status).toBe(202);
      accepted.push(res.body.jobId);
    }

    // Redis hangs (the process is stopped: connections stay open, nothing answers).
    redis.child.kill('SIGSTOP');
    const startedAt = performance.now();
    const refused = await send(6);
    const tookMs = performance.now() - startedAt;
    expect(refused.status).toBe(503);
    expect(refused.body.error.code).toBe('service_unavailable');
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(tookMs).toBeLessThan(5000);
    const status = await fetch(`${url}/api/jobs/${accepted[0]}`);
    expect(status.status).toBe(503);
    await new Promise((r) => setTimeout(r, 1500));

    redis.child.kill('SIGCONT');
    let resumed: string | undefined;
    await until(async () => {
      const res = await send(7);
      if (res.status === 202) resumed = res.body.jobId;
      return res.status === 202;
    }, 'service to resume', 15_000);
    accepted.push(resumed!);

    const jobs = await Promise.all(accepted.map((id) => waitForJob(url, id, 45_000)));
    for (const job of jobs) {
      if (job.status === 'failed') expect(job.error.code).toMatch(/^[a-z_]+$/);
      else expect(job.eventId).toEqual(expect.any(String));
    }
    // Nothing was lost: every accepted image has its outcome, and here every one got through.
    expect(jobs.map((j) => j.status)).toEqual(Array(accepted.length).fill('succeeded'));
  }, 90_000);
});
