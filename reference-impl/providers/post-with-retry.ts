import { setTimeout as sleep } from 'node:timers/promises';
import type { StepTiming } from '../stores/types.ts';
import { INJECTED_HEADER } from './ai-extractor.ts';

export interface PostOptions {
  url: string;
  body: Uint8Array | string;
  headers: Record<string, string>;
  maxAttempts: number;
  /** Wall ms before the second attempt; doubles each time, unless the server says retry-after. */
  backoffWallMs: number;
  timeoutMs: number;
}

export interface PostResult {
  json: unknown;
  attempts: number;
  /** Sum of the injected delays the mock reported over all attempts, in profile ms. */
  injectedMs?: number;
}

/** A POST that failed on every attempt. */
export class PostFailedError extends Error {
  constructor(
    message: string,
    readonly attempts: number,
  ) {
    super(message);
    this.name = 'PostFailedError';
  }
}

/** A retry-after in wall ms from `retry-after-ms` or `retry-after` (seconds), if present. */
function retryAfterMs(headers: Headers): number | undefined {
  const ms = Number(headers.get('retry-after-ms'));
  if (headers.has('retry-after-ms') && Number.isFinite(ms)) return ms;
  const s = Number(headers.get('retry-after'));
  if (headers.has('retry-after') && Number.isFinite(s)) return s * 1000;
  return undefined;
}

/**
 * POSTs with retries on network errors, timeouts, 429 and 5xx, honouring retry-after.
 * Each attempt sends `x-attempt` so a mock draws that attempt's own delay.
 */
export async function postWithRetry(options: PostOptions): Promise<PostResult> {
  let injectedMs: number | undefined;
  let lastError = '';
  for (let attempt = 0; attempt < options.maxAttempts; attempt++) {
    let waitMs = options.backoffWallMs * 2 ** attempt;
    try {
      const response = await fetch(options.url, {
        method: 'POST',
        body: options.body,
        headers: { ...options.headers, 'x-attempt': String(attempt) },
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      const injected = response.headers.get(INJECTED_HEADER);
      if (injected !== null) injectedMs = (injectedMs ?? 0) + Number(injected);
      if (response.ok) {
        return { json: await response.json(), attempts: attempt + 1, injectedMs };
      }
      await response.arrayBuffer();
      lastError = `status ${response.status}`;
      if (response.status !== 429 && response.status < 500) break;
      waitMs = retryAfterMs(response.headers) ?? waitMs;
    } catch (error) {
      lastError = error instanceof Error ? (error.name === 'TimeoutError' ? 'timed out' : error.message) : String(error);
    }
    if (attempt + 1 < options.maxAttempts && waitMs > 0) await sleep(waitMs);
  }
  throw new PostFailedError(lastError, options.maxAttempts);
}

/** What a timed POST needs to record itself. */
export interface PostRecorder {
  clock: { now(): number };
  metrics: { retries: { inc(labels: { dependency: string }, value: number): void } };
  record: (timing: StepTiming) => void;
}

/**
 * `postWithRetry` as one step of a job: its span, injected delay and attempts are recorded,
 * retries counted, and a final failure returned rather than thrown.
 */
export async function timedPost(
  dependency: string,
  options: PostOptions,
  recorder: PostRecorder,
): Promise<{ ok: true; json: unknown } | { ok: false; error: string }> {
  const startAt = recorder.clock.now();
  try {
    const result = await postWithRetry(options);
    if (result.attempts > 1) recorder.metrics.retries.inc({ dependency }, result.attempts - 1);
    recorder.record({ name: dependency, startAt, endAt: recorder.clock.now(), injectedMs: result.injectedMs, ...(result.attempts > 1 ? { attempts: result.attempts } : {}) });
    return { ok: true, json: result.json };
  } catch (error) {
    const attempts = error instanceof PostFailedError ? error.attempts : 1;
    if (attempts > 1) recorder.metrics.retries.inc({ dependency }, attempts - 1);
    recorder.record({ name: dependency, startAt, endAt: recorder.clock.now(), attempts, note: 'error' });
    return { ok: false, error: `${dependency} failed after ${attempts} attempt(s): ${error instanceof Error ? error.message : String(error)}` };
  }
}
