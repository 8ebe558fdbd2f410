import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runClosedLoop } from '../harness/load/closed-loop.ts';

let server: http.Server;
let url: string;
let answered = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      answered++;
      // Every tenth answer is slow, so the tail differs from the median.
      setTimeout(() => res.writeHead(202, { 'content-type': 'application/json' }).end('{}'), answered % 10 === 0 ? 20 : 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('the closed-model driver (autocannon)', () => {
  it('records every response into its own histogram, below the millisecond', async () => {
    const result = await runClosedLoop({ url, method: 'POST', body: '{"x":1}', connections: 4, durationS: 1 });
    expect(result.requests).toBeGreaterThan(50);
    expect(result.latencyMs.n).toBe(result.requests);
    expect(result.statusCodes['202']).toBe(result.requests);
    expect(answered).toBeGreaterThanOrEqual(result.requests);
    // Fractions of a millisecond survive, and the slow tenth shows in the tail, not the median.
    expect(Number.isInteger(result.latencyMs.p50!)).toBe(false);
    expect(result.latencyMs.p99!).toBeGreaterThan(5 * result.latencyMs.p50!);
  }, 20_000);
});
