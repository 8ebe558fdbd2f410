import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFlyerCatalog } from '../reference-impl/mocks/flyer-catalog.ts';
import { fixedProfile } from './helpers/profiles.ts';
import { startTestServer, type TestServer } from './helpers/test-server.ts';

const catalog = loadFlyerCatalog();
const flyer = catalog.events()[0]!;
const image = catalog.base64(flyer);
let server: TestServer;

beforeAll(async () => {
  // Each image waits 300 ms on the AI, so a burst finds the four slots taken.
  server = await startTestServer({ maxPendingImages: 4, overloadRetryAfterS: 2 }, { profile: fixedProfile({ 'ai.event': 300, 'ai.metadata': 300 }) });
});
afterAll(() => server.close());

describe('past its bound on images in flight, the server', () => {
  it('refuses the excess at once with 503 overloaded and a Retry-After, and every accepted image ends', async () => {
    const stream = await server.stream('burst');
    const timezones = ['Europe/Paris', 'Asia/Tokyo', 'America/Lima', 'Africa/Lagos', 'Europe/Oslo', 'Asia/Seoul', 'America/Denver', 'Australia/Perth', 'Europe/Rome', 'Asia/Dubai', 'America/Bogota', 'Europe/Lisbon'];
    const answers = await Promise.all(timezones.map((timezone) => server.post('/api/events/from-image', { path: 'optimized', userId: 'burst', timezone, base64Image: image })));
    const accepted = answers.filter((a) => a.status === 202);
    const shed = answers.filter((a) => a.status === 503);
    expect(accepted).toHaveLength(4);
    expect(shed).toHaveLength(8);
    for (const a of shed) {
      expect(a.body.error.code).toBe('overloaded');
      expect(a.headers.get('retry-after')).toBe('2');
    }
    // A batch that does not fit whole is refused whole: nothing of it is stored.
    const batch = await server.post('/api/events/batch', { path: 'optimized', userId: 'burst', timezone: 'Asia/Kolkata', images: [{ base64Image: image }] });
    expect(batch.status).toBe(503);

    const ends = await Promise.all(accepted.map((a) => stream.waitFor((e) => e.type === 'event.created' && e.data.jobId === a.body.jobId, 10_000)));
    expect(ends).toHaveLength(4);
    const metrics = String((await server.get('/metrics')).body);
    expect(metrics).toMatch(/^pipeline_shed_images_total 9$/m);
    expect(metrics).toMatch(/^pipeline_pending_images 0$/m);

    // The slots came back: the next request is accepted.
    const again = await server.post('/api/events/from-image', { path: 'optimized', userId: 'burst', timezone: 'Pacific/Auckland', base64Image: image });
    expect(again.status).toBe(202);
    await stream.waitFor((e) => e.type === 'event.created' && e.data.jobId === again.body.jobId, 10_000);
  }, 30_000);
});
