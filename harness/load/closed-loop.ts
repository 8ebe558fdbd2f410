import type { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { summarize, type Distribution } from '../stats.ts';

/** The part of autocannon's API used here (it ships no types). */
interface AutocannonInstance extends EventEmitter {
  stop(): void;
}
interface AutocannonResult {
  requests: { total: number; average: number };
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
}
type Autocannon = (options: Record<string, unknown>, done: (error: Error | null, result: AutocannonResult) => void) => AutocannonInstance;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export interface ClosedLoopOptions {
  url: string;
  method: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
  /** Connections, each sending its next request when the last one is answered (the closed model). */
  connections: number;
  durationS: number;
}

export interface ClosedLoopResult {
  connections: number;
  durationS: number;
  requests: number;
  /** Answered requests per second of the run. */
  requestsPerS: number;
  /** Every response's latency, from autocannon's own stamps at microsecond precision (not its ms histogram). */
  latencyMs: Distribution;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
}

/**
 * A closed-model load through autocannon: `connections` clients on keep-alive connections, each
 * waiting for its answer before it sends again. Each response's time is recorded into our own
 * HDR histogram (autocannon reports whole milliseconds and no p95).
 */
export function runClosedLoop(options: ClosedLoopOptions): Promise<ClosedLoopResult> {
  const latencies: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        method: options.method,
        ...(options.body === undefined ? {} : { body: options.body }),
        headers: { ...(options.body === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
        connections: options.connections,
        duration: options.durationS,
        pipelining: 1,
      },
      (error, result) => {
        if (error) return reject(error);
        resolve({
          connections: options.connections,
          durationS: result.duration,
          requests: latencies.length,
          requestsPerS: latencies.length / result.duration,
          latencyMs: summarize(latencies),
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count])),
        });
      },
    );
    instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTimeMs: number) => latencies.push(responseTimeMs));
  });
}
