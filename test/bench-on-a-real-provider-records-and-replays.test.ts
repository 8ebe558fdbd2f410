import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveBenchOptions, type BenchOptions } from '../harness/bench-options.ts';
import { costTable, qualityTable, recordingTable } from '../harness/report/ai-tables.ts';
import { runBench } from '../harness/runner.ts';
import { SCENARIOS } from '../scenarios/index.ts';
import { startFakeOpenAi, type FakeOpenAi } from './helpers/fake-openai.ts';

const recordings = mkdtempSync(path.join(os.tmpdir(), 'bench-recordings-'));
let fake: FakeOpenAi;
beforeAll(async () => {
  fake = await startFakeOpenAi('test-key');
}, 30_000);
afterAll(async () => {
  await fake?.stop();
  rmSync(recordings, { recursive: true, force: true });
});

const bench = (extra: BenchOptions) =>
  runBench(resolveBenchOptions({ timeScale: 0.05, scenarios: ['single'], repetitions: { 'single/single': 3 }, recordingsDir: recordings, ...extra }, Object.keys(SCENARIOS)), SCENARIOS);

describe('npm run bench -- --ai openai, then --ai replay', () => {
  it('measures a real provider with tokens, cost and quality, records it, and replays the recording offline', async () => {
    const real = await bench({ ai: 'openai', record: 'bench1', serverEnv: { OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: 'test-key' } });
    expect(real.problems.filter((p) => !p.startsWith('threshold'))).toEqual([]);
    expect(real.results.ai).toEqual({ mode: 'openai', model: 'google/gemini-flash-1.5', recording: null, recordedTo: 'bench1' });
    const callsMade = (await fake.stats()).calls;
    expect(callsMade).toBe(2 * 3 * (3 + 2)); // two calls per image, three variants, three repetitions and two warm-ups

    // Tokens and money per image, from the provider's usage and the pricing table.
    const cost = real.results.cost!;
    expect(cost.priced).toBe(true);
    for (const cell of cost.cells) {
      expect(cell.promptTokensPerImage).toBeGreaterThan(258);
      expect(cell.usdPerImage).toBeGreaterThan(0);
    }
    // Scored, not failed: the fake answers as the fixtures say, so every field matches.
    for (const q of real.results.quality!) expect(q.fieldMatchRate).toBe(1);
    expect(costTable(real.results)!.caption).toMatch(/^AI: a real OpenAI-compatible provider, model google\/gemini-flash-1\.5, recorded as bench1/);
    expect(qualityTable(real.results)!.rows).toHaveLength(3);
    // The recording became an empirical profile, and was compared with the mocked one.
    expect(existsSync(path.join(recordings, 'bench1', 'profile.json'))).toBe(true);
    expect(real.results.recordingComparison!.rows.map((r) => r.recorded.n)).toEqual([15, 15]);

    const replay = await bench({ ai: 'replay', recording: 'bench1' });
    expect(replay.problems.filter((p) => !p.startsWith('threshold'))).toEqual([]);
    expect((await fake.stats()).calls).toBe(callsMade);
    expect(replay.results.ai!.mode).toBe('replay');
    const tokens = (r: typeof real) => r.results.cost!.cells.map((c) => [c.variant, c.promptTokensPerImage, c.completionTokensPerImage]);
    expect(tokens(replay)).toEqual(tokens(real));
    const table = recordingTable(replay.results)!;
    expect(table.rows.map((r) => r[0])).toEqual(['ai.event', 'ai.metadata']);
    // The fake answers in 25-70 ms; the seed profile assumes over a second: the table says so.
    expect(Number(table.rows[0]![3]!.replace('×', ''))).toBeLessThan(0.2);
  }, 120_000);
});
