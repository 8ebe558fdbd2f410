import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFlyerCatalog } from '../reference-impl/mocks/flyer-catalog.ts';
import { readRecording } from '../reference-impl/providers/recording.ts';
import { startFakeOpenAi, type FakeOpenAi } from './helpers/fake-openai.ts';
import { startTestServer } from './helpers/test-server.ts';

const catalog = loadFlyerCatalog();
const flyers = catalog.events().slice(0, 4);
const behaviours = ['ok', 'ok', 'rate-limited-once', 'ok'];
const recordings = mkdtempSync(path.join(os.tmpdir(), 'recordings-'));
let fake: FakeOpenAi;

beforeAll(async () => {
  fake = await startFakeOpenAi('secret-test-key');
}, 30_000);
afterAll(async () => {
  await fake?.stop();
  rmSync(recordings, { recursive: true, force: true });
});

/** Sends every flyer once on the direct path, waits for each job, and returns them in order. */
async function sendAll(server: Awaited<ReturnType<typeof startTestServer>>) {
  const jobs = [];
  for (const [i, flyer] of flyers.entries()) {
    const answer = await server.post('/api/events/from-image', { path: 'direct', userId: 'rec', timezone: 'Asia/Tokyo', base64Image: catalog.base64(flyer) }, { 'x-latency-salt': behaviours[i]! });
    jobs.push(await server.waitForJob(answer.body.jobId));
  }
  return jobs;
}

describe('a recording of a real provider', () => {
  it('keeps every answer with its latency and usage, never the key, and replays the same answers at the same latencies', async () => {
    const recorder = await startTestServer({ aiMode: 'openai', aiBaseUrl: fake.baseUrl, aiApiKey: 'secret-test-key', aiRecord: 'run1', recordingsDir: recordings });
    const recorded = await sendAll(recorder);
    await recorder.close();
    expect(recorded.map((j) => j.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);

    const dir = path.join(recordings, 'run1');
    for (const file of readdirSync(dir)) {
      const text = readFileSync(path.join(dir, file), 'utf8');
      expect(text, file).not.toContain('secret-test-key');
      expect(text.toLowerCase(), file).not.toContain('authorization');
      expect(text, file).not.toContain(catalog.base64(flyers[0]!).slice(0, 200));
    }
    const { manifest, calls } = readRecording(dir);
    expect(manifest).toMatchObject({ name: 'run1', model: 'google/gemini-flash-1.5', providerHost: new URL(fake.baseUrl).host });
    // Two calls per image, and the 429s of the third image before its retried answers.
    expect(calls).toHaveLength(2 * 4 + 2);
    expect(calls.filter((c) => c.status === 429)).toHaveLength(2);
    expect(calls.filter((c) => c.status === 429).every((c) => c.headers['retry-after-ms'] === '150')).toBe(true);
    for (const c of calls.filter((c) => c.status === 200)) {
      expect(c.usage!.promptTokens).toBeGreaterThan(0);
      expect(c.latencyMs).toBeGreaterThan(20);
    }

    const replayer = await startTestServer({ aiMode: 'replay', recording: 'run1', recordingsDir: recordings });
    const replayed = await sendAll(replayer);
    const stats = await fake.stats();
    await replayer.close();
    // Offline: the provider heard nothing more.
    expect((await fake.stats()).calls).toBe(stats.calls);

    for (const [i, job] of replayed.entries()) {
      expect(job.status).toBe('succeeded');
      expect(job.event.name).toBe(recorded[i]!.event.name);
      expect(job.event.startDate).toBe(recorded[i]!.event.startDate);
      expect(job.counters.tokens).toEqual(recorded[i]!.counters.tokens);
      const sha = flyers[i]!.sha256;
      for (const kind of ['event', 'metadata'] as const) {
        const step = job.timings.steps.find((s: { name: string }) => s.name === `ai.${kind}`);
        const answered = calls.filter((c) => c.imageSha256 === sha && c.kind === kind && c.status === 200)[0]!;
        // The replay waited exactly the recorded latency (reported as injected), and the call took at least that.
        expect(step.injectedProfileMs).toBeCloseTo(Math.round(answered.latencyMs * 1000) / 1000, 2);
        expect(step.endMs - step.startMs).toBeGreaterThanOrEqual(answered.latencyMs - 1);
        if (behaviours[i] === 'rate-limited-once') expect(step.attempts).toBe(2);
      }
    }
  }, 60_000);
});
