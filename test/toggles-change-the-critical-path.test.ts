import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFlyerCatalog } from '../reference-impl/mocks/flyer-catalog.ts';
import { fixedProfile } from './helpers/profiles.ts';
import { startTestServer, type TestServer } from './helpers/test-server.ts';

const catalog = loadFlyerCatalog();
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({}, { profile: fixedProfile({ 'ai.event': 60, 'ai.metadata': 60, 'db.count': 40, push: 80 }) });
});
afterAll(async () => {
  await server.close();
});

async function run(optimizations: string[], i: number) {
  const userId = `t-${optimizations.join('-')}-${i}`;
  const stream = await server.stream(userId);
  const { body } = await server.post('/api/events/from-image', { path: 'direct', optimizations, base64Image: catalog.base64(catalog.events()[i]!), timezone: 'UTC', userId });
  const created = await stream.waitFor((e) => e.type === 'event.created' && e.data.jobId === body.jobId, 5000);
  const stored = stream.events.find((e) => e.type === 'event.stored' && e.data.jobId === body.jobId)!;
  const job = (await server.get(`/api/jobs/${body.jobId}`)).body;
  const step = (name: string) => job.timings.steps.find((s: { name: string }) => s.name === name);
  return { job, step, storedAt: stored.receivedAt, createdAt: created.receivedAt };
}

describe('earlyQuery', () => {
  it('starts the day count before the AI call returns, instead of after the insert', async () => {
    const late = await run([], 0);
    const early = await run(['earlyQuery'], 1);
    expect(late.step('count').startMs).toBeGreaterThan(late.step('insert').endMs - 1);
    expect(early.step('count').startMs).toBeLessThan(early.step('ai.event').endMs);
    // The count's 40 ms leaves the critical path.
    expect(late.job.timings.notifiedMs - early.job.timings.notifiedMs).toBeGreaterThan(20);
  });
});

describe('asyncNotify', () => {
  it('reports the job done before the push, and notifies after it', async () => {
    const sync = await run([], 2);
    const async = await run(['asyncNotify'], 3);
    // Without it, the job is done only after the 80 ms push; with it, the push comes after.
    expect(sync.job.timings.eventMs).toBeGreaterThan(sync.step('push').endMs - 1);
    expect(async.job.timings.eventMs).toBeLessThan(async.step('push').startMs + 1);
    expect(async.createdAt - async.storedAt).toBeGreaterThan(40);
    expect(sync.job.timings.eventMs - async.job.timings.eventMs).toBeGreaterThan(40);
  });
});
