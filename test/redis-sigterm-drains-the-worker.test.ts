import { afterAll, expect, it } from 'vitest';
import { loadFlyerCatalog } from '../reference-impl/mocks/flyer-catalog.ts';
import { postImage, until, waitForJob } from './helpers/http.ts';
import { fixedProfile } from './helpers/profiles.ts';
import { profileFile, startServerProcess, startWorkerProcess } from './helpers/processes.ts';
import { REDIS_URL, describeWithRedis, dropPrefix, testPrefix } from './helpers/redis.ts';

const catalog = loadFlyerCatalog();
const prefix = testPrefix();
const stops: (() => Promise<unknown>)[] = [];

describeWithRedis('SIGTERM to a worker process', () => {
  afterAll(async () => {
    await Promise.all(stops.map((stop) => stop()));
    await dropPrefix(prefix);
  });

  it('lets the running job finish, takes no new one, then exits 0', async () => {
    const env = { REDIS_URL, REDIS_PREFIX: prefix, LATENCY_PROFILE: profileFile(fixedProfile({ 'ai.event': 1500, 'ai.metadata': 1500 })) };
    const api = await startServerProcess({ ...env, RUN_WORKERS: 'false' });
    stops.push(() => api.stop());
    const worker = await startWorkerProcess(env);
    stops.push(() => worker.stop('SIGKILL'));
    const send = (i: number) => postImage(api.url, { path: 'direct', base64Image: catalog.base64(catalog.events()[i]!), timezone: 'UTC', userId: 'drain' });

    const running = (await send(0)).body.jobId as string;
    await until(async () => ((await (await fetch(`${api.url}/api/jobs/${running}`)).json()) as { status: string }).status === 'running', 'the job to start');
    const exited = worker.stop('SIGTERM');
    await new Promise((r) => setTimeout(r, 100));
    const later = (await send(1)).body.jobId as string;

    expect(await exited).toBe(0);
    expect((await waitForJob(api.url, running, 1000)).status).toBe('succeeded');
    const waiting = (await (await fetch(`${api.url}/api/jobs/${later}`)).json()) as { status: string };
    expect(waiting.status).toBe('queued');

    // The queued job is not lost: the next worker takes it.
    const next = await startWorkerProcess(env);
    stops.push(() => next.stop());
    expect((await waitForJob(api.url, later, 20_000)).status).toBe('succeeded');
  }, 60_000);
});
