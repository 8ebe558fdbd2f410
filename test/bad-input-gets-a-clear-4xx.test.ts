import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFlyerCatalog } from '../reference-impl/mocks/flyer-catalog.ts';
import { MemoryJobStore } from '../reference-impl/stores/memory-job-store.ts';
import { startTestServer, type TestServer } from './helpers/test-server.ts';

const catalog = loadFlyerCatalog();
const good = catalog.base64(catalog.events()[0]!);
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
let server: TestServer;
let jobs: MemoryJobStore;

beforeAll(async () => {
  jobs = new MemoryJobStore(1000);
  // A small image limit so "too large" needs no big body; the fixture still fits under the default elsewhere.
  server = await startTestServer({ maxBase64Chars: 200_000, maxBatchImages: 3 }, { jobs });
});
afterAll(async () => {
  await server.close();
});

const valid = { path: 'direct', base64Image: good, timezone: 'UTC', userId: 'u1' };
const tiny = (bytes: Buffer) => bytes.toString('base64');

const cases: [string, unknown, number, string, string?][] = [
  ['a missing field', { path: 'direct', timezone: 'UTC', userId: 'u1' }, 400, 'invalid_request', 'base64Image is required'],
  ['a field of the wrong type', { ...valid, userId: 42 }, 400, 'invalid_request', 'userId'],
  ['a body that is not an object', [1, 2], 400, 'invalid_request'],
  ['base64 that does not decode', { ...valid, base64Image: 'not base64!!' }, 400, 'invalid_base64'],
  ['base64 of the wrong length', { ...valid, base64Image: 'QUJD=' }, 400, 'invalid_base64'],
  ['bytes that are not an image', { ...valid, base64Image: tiny(Buffer.from('%PDF-1.7 hello world')) }, 415, 'unsupported_image_type'],
  ['a GIF', { ...valid, base64Image: tiny(Buffer.from('GIF89a\x01\x00\x01\x00')) }, 415, 'unsupported_image_type'],
  ['an image over the limit', { ...valid, base64Image: tiny(Buffer.concat([PNG_SIGNATURE, Buffer.alloc(160_000)])) }, 413, 'image_too_large', 'limit is 200000'],
  ['an unknown path', { ...valid, path: 'fastest' }, 400, 'unknown_path', 'fastest'],
  ['an unknown toggle', { ...valid, optimizations: ['parallel', 'turbo'] }, 400, 'unknown_optimization', 'turbo'],
  ['pool with chunk', { ...valid, optimizations: ['pool', 'chunk'] }, 400, 'conflicting_optimizations'],
  ['a timezone that is not IANA', { ...valid, timezone: 'Mars/Olympus_Mons' }, 400, 'invalid_timezone'],
  ['a UTC offset instead of a zone', { ...valid, timezone: '+02:00' }, 400, 'invalid_timezone'],
  ['a bad user id', { ...valid, userId: 'a b<c>' }, 400, 'invalid_request', 'userId'],
];

describe('POST /api/events/from-image rejects', () => {
  it.each(cases)('%s', async (_name, body, status, code, mentions) => {
    const res = await server.post('/api/events/from-image', body);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(typeof res.body.error.message).toBe('string');
    if (mentions) expect(res.body.error.message).toContain(mentions);
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('a malformed JSON body', async () => {
    const res = await server.post('/api/events/from-image', '{"path": "direct",');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_json');
  });

  it('a body that is not JSON', async () => {
    const res = await fetch(`${server.url}/api/events/from-image`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect(res.status).toBe(415);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unsupported_media_type');
  });
});

describe('POST /api/events/batch rejects', () => {
  const batch = { path: 'optimized', timezone: 'UTC', userId: 'u1' };

  it('an empty batch', async () => {
    const res = await server.post('/api/events/batch', { ...batch, images: [] });
    expect([res.status, res.body.error.code]).toEqual([400, 'empty_batch']);
  });

  it('more images than the limit', async () => {
    const res = await server.post('/api/events/batch', { ...batch, images: Array.from({ length: 4 }, () => ({ base64Image: good })) });
    expect([res.status, res.body.error.code]).toEqual([400, 'too_many_images']);
    expect(res.body.error.message).toContain('limit is 3');
  });

  it('one bad image among good ones, naming it, and creates nothing', async () => {
    const before = jobs.size;
    const aiCalls = server.services.mocks!.counters.aiCalls;
    const res = await server.post('/api/events/batch', {
      ...batch,
      images: [{ base64Image: good }, { base64Image: 'bad base64' }, { base64Image: good }],
    });
    expect([res.status, res.body.error.code]).toEqual([400, 'invalid_base64']);
    expect(res.body.error.message).toContain('images[1]');
    await server.services.idle();
    expect(jobs.size).toBe(before);
    expect(server.services.mocks!.counters.aiCalls).toBe(aiCalls);
  });
});

describe('unknown ids and routes', () => {
  it.each([
    ['/api/jobs/nope', 'job_not_found'],
    ['/api/batches/nope', 'batch_not_found'],
    ['/api/nothing-here', 'not_found'],
  ])('GET %s is a 404 with a code', async (path, code) => {
    const res = await server.get(path);
    expect([res.status, res.body.error.code]).toEqual([404, code]);
  });

  it('a stream without a user id', async () => {
    const res = await server.get('/api/notifications/stream');
    expect([res.status, res.body.error.code]).toEqual([400, 'invalid_request']);
  });
});

it('a body larger than any batch could be is refused before it is parsed', async () => {
  const res = await server.post('/api/events/batch', { images: [{ base64Image: 'A'.repeat(4 * 200_000 + 2 * 1024 * 1024) }] });
  expect([res.status, res.body.error.code]).toEqual([413, 'payload_too_large']);
});

it('accepts the valid request the cases above are made from', async () => {
  const res = await server.post('/api/events/from-image', valid);
  expect(res.status).toBe(202);
  expect((await server.waitForJob(res.body.jobId)).status).toBe('succeeded');
});

