import { afterAll, beforeAll, expect, it } from 'vitest';
import { SseClient } from '../harness/sse-client.ts';
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

const submit = (userId: string, i: number) =>
  server.post('/api/events/from-image', { path: 'direct', base64Image: catalog.base64(catalog.events()[i]!), timezone: 'UTC', userId });

it('delivers a user\'s notifications to that user only, in order', async () => {
  const alice = await server.stream('alice');
  const bob = await server.stream('bob');
  const { body } = await submit('alice', 0);
  const created = await alice.waitFor((e) => e.type === 'event.created', 5000);
  expect(created.data.jobId).toBe(body.jobId);
  const types = alice.events.filter((e) => e.data.jobId === body.jobId).map((e) => e.type);
  expect(types).toEqual(['event.stored', 'event.created']);
  expect(bob.events.filter((e) => e.type !== 'stream.ready')).toHaveLength(0);
});

it('replays what a reconnecting client missed after its Last-Event-ID', async () => {
  const first = await server.stream('carol');
  await first.waitFor((e) => e.type === 'event.created' && e.data.jobId === 'x', 1).catch(() => undefined);
  const a = await submit('carol', 1);
  const seen = await first.waitFor((e) => e.type === 'event.created' && e.data.jobId === a.body.jobId, 5000);
  first.close();
  const b = await submit('carol', 2);
  await server.waitForJob(b.body.jobId);
  await server.services.idle();
  const again = await SseClient.connect(`${server.url}/api/notifications/stream?userId=carol`, { lastEventId: seen.id! });
  const missed = await again.waitFor((e) => e.type === 'event.created' && e.data.jobId === b.body.jobId, 2000);
  expect(Number(missed.id)).toBeGreaterThan(Number(seen.id));
  expect(again.events.some((e) => e.data.jobId === a.body.jobId && e.type === 'event.created')).toBe(false);
  again.close();
});
