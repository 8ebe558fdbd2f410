import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadFlyerCatalog } from '../reference-impl/mocks/flyer-catalog.ts';
import { startTestServer, type TestServer } from './helpers/test-server.ts';

const catalog = loadFlyerCatalog();
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ latencySeed: 42 });
});
afterAll(async () => {
  await server.close();
});

it('/healthz says what the server runs with', async () => {
  const res = await server.get('/healthz');
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ status: 'ok', aiMode: 'mock', profile: 'test-fixed', latencySeed: 42, timeScale: 1 });
});

it('/metrics has every named series in Prometheus text format', async () => {
  for (const path of ['direct', 'optimized', 'workflow']) {
    const { body } = await server.post('/api/events/from-image', { path, base64Image: catalog.base64(catalog.events()[0]!), timezone: 'UTC', userId: 'm' });
    await server.waitForJob(body.jobId);
  }
  await server.services.idle();
  const res = await fetch(`${server.url}/metrics`);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  const text = await res.text();
  for (const name of ['pipeline_ai_calls_total', 'pipeline_cache_hits_total', 'pipeline_cache_misses_total', 'pipeline_dedup_collapsed_total']) {
    expect(text).toContain(`# TYPE ${name} counter`);
  }
  expect(text).toMatch(/^pipeline_jobs_total\{path="workflow",status="succeeded"\} 1$/m);
  expect(text).toMatch(/^pipeline_job_duration_seconds_count\{path="optimized"\} 1$/m);
  expect(text).toContain('# TYPE pipeline_job_duration_seconds histogram');
  // Direct and workflow do not cache; the optimized request missed once.
  expect(text).toMatch(/^pipeline_cache_misses_total 1$/m);
  expect(text).toMatch(/^pipeline_ai_calls_total\{kind="event"\} 3$/m);
});
