import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FreshPairs, planArrivals } from '../harness/load/arrival-plan.ts';
import { summarizeLoad } from '../harness/load/load-summary.ts';
import { runOpenLoop } from '../harness/load/open-loop.ts';
import { loadFlyerCatalog } from '../reference-impl/mocks/flyer-catalog.ts';
import { startStubContractServer } from './helpers/stub-contract-server.ts';

const catalog = loadFlyerCatalog();
const flyers = catalog.events().slice(0, 4);
const base64 = new Map(flyers.map((f) => [f.id, catalog.base64(f)]));
let stub: Awaited<ReturnType<typeof startStubContractServer>>;

beforeAll(async () => {
  // One image at a time, 30 ms each, while images arrive every 10 ms: a queue that grows.
  stub = await startStubContractServer({ delayMs: 5, serialMs: 30 });
});
afterAll(() => stub.close());

describe('the open-model driver against a server that queues', () => {
  it('keeps sending on schedule and times each request from its scheduled send, so the queue shows', async () => {
    const arrivals = planArrivals({ ratePerS: 100, durationMs: 600, mix: { new: 1, duplicate: 0, batch: 0 }, batchImages: 1, pairs: new FreshPairs(flyers.map((f) => f.id), ['Europe/Paris', 'Asia/Tokyo', 'America/Lima', 'Africa/Lagos', 'Europe/Oslo', 'Asia/Seoul', 'America/Denver', 'Australia/Perth', 'Europe/Rome', 'Asia/Dubai', 'America/Bogota', 'Europe/Lisbon', 'Asia/Kolkata', 'Europe/Berlin', 'America/Toronto', 'Asia/Manila']), seed: 1 });
    const { records } = await runOpenLoop({ url: stub.url, arrivals, base64, users: 2, path: 'optimized', drainTimeoutMs: 10_000, maxSockets: 256, runTag: 'co' });
    const s = summarizeLoad(records, 100, 600);
    expect(s.requests).toBe(60);
    expect(s.imagesSucceeded).toBe(60);
    // The driver was not held back by the server: it sent on time...
    expect(s.sendLag.p95!).toBeLessThan(30);
    // ...so the last requests waited for the whole queue before them: about 60 x 20 ms more
    // than their service time. A driver that waited for each answer would have seen ~30 ms.
    expect(s.ack.p95!).toBeGreaterThan(20 * 30);
    const first = records[0]!.ackMs!;
    const last = records.at(-1)!.ackMs!;
    expect(last).toBeGreaterThan(10 * first);
  }, 30_000);
});
