import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFlyerCatalog } from '../reference-impl/mocks/flyer-catalog.ts';
import { startTestServer, type TestServer } from './helpers/test-server.ts';

const catalog = loadFlyerCatalog();
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

/** 12 images: the two non-events among them, so failures are part of every batch. */
const flyers = [...catalog.events().slice(0, 10), ...catalog.flyers.filter((f) => f.expected.rejection)];

async function runBatch(path: string, optimizations?: string[]) {
  const userId = `batch-${path}-${optimizations?.join('-') ?? 'default'}`;
  const stream = await server.stream(userId);
  const { status, body } = await server.post('/api/events/batch', {
    path,
    ...(optimizations ? { optimizations } : {}),
    images: flyers.map((f) => ({ base64Image: catalog.base64(f), tempId: f.id })),
    timezone: 'America/Chicago',
    userId,
  });
  expect(status).toBe(202);
  expect(body.jobIds).toHaveLength(flyers.length);
  const completed = await stream.waitFor((e) => e.type === 'batch.completed' && e.data.batchId === body.batchId, 15_000);
  const batch = (await server.get(`/api/batches/${body.batchId}`)).body;
  return { batch, completed, stream, jobIds: body.jobIds as string[] };
}

describe.each([
  ['optimized', ['parallel', 'cache', 'dedup', 'earlyQuery', 'asyncNotify', 'pool']],
  ['optimized', ['parallel', 'cache', 'dedup', 'earlyQuery', 'asyncNotify', 'chunk']],
  ['direct', undefined],
  ['workflow', undefined],
] as const)('a %s batch with %j', (path, optimizations) => {
  it('ends every image as a success or a failure with its reason, in order', async () => {
    const { batch, completed, stream, jobIds } = await runBatch(path, optimizations ? [...optimizations] : undefined);
    expect(batch.status).toBe('completed');
    expect(batch.progress).toEqual({ total: 12, done: 12, succeeded: 10, failed: 2 });
    expect(batch.results.map((r: { jobId: string }) => r.jobId)).toEqual(jobIds);
    for (const [i, flyer] of flyers.entries()) {
      const result = batch.results[i];
      if (flyer.expected.rejection) {
        expect(result.status).toBe('failed');
        expect(result.error.code).toBe(flyer.expected.rejection);
      } else {
        expect(result.status).toBe('succeeded');
        const job = (await server.get(`/api/jobs/${result.jobId}`)).body;
        expect(job.event.name).toBe(flyer.expected.event.name);
      }
    }
    expect(completed.data).toMatchObject({ succeeded: 10, failed: 2 });
    // Twelve images is over the individual-push limit: one summary push, a stream event per image.
    expect(completed.data.push).toBe('sent');
    const perImage = stream.events.filter((e) => (e.type === 'event.created' || e.type === 'event.failed') && e.data.batchId === batch.id);
    expect(perImage).toHaveLength(12);
    expect(perImage.filter((e) => e.type === 'event.created').every((e) => e.data.push === 'skipped')).toBe(true);
  });
});

it('pushes once per image in a batch of three', async () => {
  const userId = 'small-batch';
  const stream = await server.stream(userId);
  const before = server.services.mocks!.counters.pushes;
  const { body } = await server.post('/api/events/batch', {
    path: 'optimized',
    images: catalog.events().slice(0, 3).map((f) => ({ base64Image: catalog.base64(f) })),
    timezone: 'UTC',
    userId,
  });
  const completed = await stream.waitFor((e) => e.type === 'batch.completed' && e.data.batchId === body.batchId, 10_000);
  await server.services.idle();
  expect(completed.data.push).toBe('skipped');
  expect(server.services.mocks!.counters.pushes - before).toBe(3);
});
