import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFlyerCatalog } from '../reference-impl/mocks/flyer-catalog.ts';
import { startFakeOpenAi, type FakeOpenAi } from './helpers/fake-openai.ts';
import { startTestServer, type TestServer } from './helpers/test-server.ts';

const catalog = loadFlyerCatalog();
const flyers = catalog.events().slice(0, 8);
let fake: FakeOpenAi;
let server: TestServer;

beforeAll(async () => {
  fake = await startFakeOpenAi('test-key');
  // A real provider over real HTTP: the SDK's own retries (2), a 400 ms timeout per attempt,
  // and at most two calls in flight from this process.
  server = await startTestServer({ aiMode: 'openai', aiBaseUrl: fake.baseUrl, aiApiKey: 'test-key', aiTimeoutMs: 400, aiMaxRetries: 2, aiMaxConcurrency: 2 });
}, 30_000);
afterAll(async () => {
  await server?.close();
  await fake?.stop();
});

/** Sends one image on the direct path (no cache) with the behaviour the fake server should show. */
async function send(index: number, behaviour: string, userId: string) {
  const flyer = flyers[index]!;
  const answer = await server.post('/api/events/from-image', { path: 'direct', userId, timezone: 'Europe/Paris', base64Image: catalog.base64(flyer) }, { 'x-latency-salt': behaviour });
  expect(answer.status).toBe(202);
  return { flyer, jobId: answer.body.jobId as string };
}

describe('AI_MODE=openai against an OpenAI-compatible server over HTTP', () => {
  it('ends every image as a retried success or a failure with its reason, never a hang', async () => {
    const stream = await server.stream('faults');
    const cases = [
      ['ok', 'succeeded', undefined],
      ['rate-limited-once', 'succeeded', undefined],
      ['server-error-once', 'succeeded', undefined],
      ['server-error', 'failed', 'ai_unavailable'],
      ['slow', 'failed', 'ai_timeout'],
      ['malformed', 'failed', 'ai_bad_output'],
    ] as const;
    const sent = await Promise.all(cases.map(([behaviour], i) => send(i, behaviour, 'faults')));
    const started = performance.now();
    const ends = await Promise.all(sent.map((s) => stream.waitFor((e) => (e.type === 'event.created' || e.type === 'event.failed') && e.data.jobId === s.jobId, 20_000)));
    // Three attempts of 400 ms at most, plus the SDK's backoff: nothing waits for the fake's 10 s.
    expect(performance.now() - started).toBeLessThan(9_000);

    for (const [i, [behaviour, status, reason]] of cases.entries()) {
      const job = await server.waitForJob(sent[i]!.jobId);
      expect(job.status, behaviour).toBe(status);
      expect(ends[i]!.type, behaviour).toBe(status === 'succeeded' ? 'event.created' : 'event.failed');
      if (reason) expect(job.error.code, behaviour).toBe(reason);
      if (status === 'succeeded') {
        expect(job.event.name).toBe(sent[i]!.flyer.expected.event.name);
        expect(job.counters.tokens.prompt, behaviour).toBeGreaterThan(258);
        expect(job.counters.tokens.completion, behaviour).toBeGreaterThan(10);
      }
      const aiSteps = job.timings.steps.filter((s: { name: string }) => s.name.startsWith('ai.'));
      const attempts = Math.max(...aiSteps.map((s: { attempts?: number }) => s.attempts ?? 1));
      if (behaviour === 'ok') expect(attempts).toBe(1);
      if (behaviour.endsWith('-once')) expect(attempts, behaviour).toBe(2);
      if (behaviour === 'server-error' || behaviour === 'slow') expect(attempts, behaviour).toBe(3);
    }

    const stats = await fake.stats();
    expect(stats.unauthorized).toBe(0);
    // Two calls per image (each faulted alike), plus every retry: none lost, none made twice.
    expect(stats.byBehaviour).toMatchObject({ ok: 2, 'rate-limited-once': 4, 'server-error-once': 4, 'server-error': 6, slow: 6, malformed: 2 });
    // The client-side bound held although six images (twelve calls) were sent at once.
    expect(stats.maxInFlight).toBeLessThanOrEqual(2);
    const metrics = String((await server.get('/metrics')).body);
    expect(metrics).toMatch(/^pipeline_ai_tokens_total\{kind="event",type="prompt"\} [1-9]\d*$/m);
    expect(metrics).toMatch(/^pipeline_failures_total\{reason="ai_timeout"\} 1$/m);
  }, 60_000);
});
