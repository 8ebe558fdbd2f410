import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFlyerCatalog } from '../reference-impl/mocks/flyer-catalog.ts';
import { PATHS } from '../reference-impl/pipeline/toggles.ts';
import { startTestServer, type TestServer } from './helpers/test-server.ts';

const catalog = loadFlyerCatalog();
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

describe.each(PATHS)('the %s path', (path) => {
  it.each(catalog.flyers.map((f) => [f.id, f] as const))('reads %s into its expected outcome', async (_id, flyer) => {
    const { status, body } = await server.post('/api/events/from-image', {
      path,
      base64Image: catalog.base64(flyer),
      timezone: 'Europe/Berlin',
      userId: `user-${path}`,
    });
    expect(status).toBe(202);
    const job = await server.waitForJob(body.jobId);
    if (flyer.expected.rejection) {
      expect(job.status).toBe('failed');
      expect(job.error.code).toBe(flyer.expected.rejection);
      expect(job.eventId).toBeNull();
      return;
    }
    expect(job.status).toBe('succeeded');
    const { id, userId, createdAt: _createdAt, imageUrl, visibility: _visibility, metadata, ...event } = job.event;
    expect(event).toEqual(flyer.expected.event);
    expect(metadata).toEqual(flyer.expected.metadata);
    expect(userId).toBe(`user-${path}`);
    expect(imageUrl).toMatch(/^https:\/\/files\.mock\.internal\//);
    expect(id).toBe(job.eventId);
  });
});
