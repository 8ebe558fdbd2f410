import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readMockAiQuestion } from '../mocks/mock-ai-answer.ts';

/**
 * Recordings of a real provider: every AI response with its status, latency and usage, so a run
 * can be replayed offline (AI_MODE=replay) and its latencies used as an empirical profile. What
 * is never written: the API key, any request header, and the image itself (only its hash).
 */
export interface RecordedCall {
  /** Order of the call in the recording. */
  seq: number;
  kind: 'event' | 'metadata';
  imageSha256: string;
  model: string;
  /** The SDK's attempt (0 first, then its retries). */
  attempt: number;
  /** HTTP status; 0 when no answer came (a timeout or a broken connection). */
  status: number;
  /** From the request to the last byte of the answer, wall ms. */
  latencyMs: number;
  /** Only headers a replay needs: content type and retry-after. */
  headers: Record<string, string>;
  body: string;
  usage: { promptTokens: number; completionTokens: number } | null;
  error?: string;
}

export interface RecordingManifest {
  name: string;
  createdAt: string;
  model: string;
  /** The provider's host, never its key or full URL with credentials. */
  providerHost: string;
  promptVersion: string;
  temperature: number;
}

const KEPT_HEADERS = ['content-type', 'retry-after', 'retry-after-ms'];
export const CALLS_FILE = 'calls.jsonl';
export const MANIFEST_FILE = 'manifest.json';

export function recordingDir(recordingsDir: string, name: string): string {
  return path.resolve(recordingsDir, name);
}

/** Appends calls to a recording as they happen (a crash keeps what was recorded before it). */
export class RecordingWriter {
  private seq = 0;

  constructor(
    private readonly dir: string,
    manifest: RecordingManifest,
  ) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    writeFileSync(path.join(dir, CALLS_FILE), '');
  }

  append(call: Omit<RecordedCall, 'seq'>): void {
    appendFileSync(path.join(this.dir, CALLS_FILE), `${JSON.stringify({ seq: this.seq++, ...call })}\n`);
  }

  /**
   * A `fetch` for the SDK that records each chat completion: its kind and image (read from the
   * request body, which is not kept), status, latency, retry-after and usage.
   */
  fetch(model: string, now: () => number = () => performance.now()): typeof fetch {
    return async (input, init) => {
      const question = readMockAiQuestion(JSON.parse(typeof init?.body === 'string' ? init.body : '{}'));
      const headers = new Headers(init?.headers);
      const base = { kind: question.kind, imageSha256: question.imageSha256 ?? 'none', model, attempt: Number(headers.get('x-stainless-retry-count') ?? 0) };
      const startedAt = now();
      let response: Response;
      try {
        response = await fetch(input, init);
      } catch (error) {
        this.append({ ...base, status: 0, latencyMs: now() - startedAt, headers: {}, body: '', usage: null, error: error instanceof Error ? error.name : String(error) });
        throw error;
      }
      const body = await response.clone().text();
      const latencyMs = now() - startedAt;
      let usage: RecordedCall['usage'] = null;
      try {
        const u = (JSON.parse(body) as { usage?: { prompt_tokens?: number; completion_tokens?: number } }).usage;
        if (u) usage = { promptTokens: u.prompt_tokens ?? 0, completionTokens: u.completion_tokens ?? 0 };
      } catch {
        // A body that is not JSON is recorded as it came: the replay serves it again.
      }
      const kept = Object.fromEntries(KEPT_HEADERS.flatMap((h) => (response.headers.has(h) ? [[h, response.headers.get(h)!]] : [])));
      this.append({ ...base, status: response.status, latencyMs, headers: kept, body, usage });
      return response;
    };
  }
}

/** Reads a recording; a missing or empty one says which folder it looked in. */
export function readRecording(dir: string): { manifest: RecordingManifest; calls: RecordedCall[] } {
  let manifest: RecordingManifest;
  let lines: string[];
  try {
    manifest = JSON.parse(readFileSync(path.join(dir, MANIFEST_FILE), 'utf8')) as RecordingManifest;
    lines = readFileSync(path.join(dir, CALLS_FILE), 'utf8').split('\n').filter(Boolean);
  } catch {
    throw new Error(`no recording in ${dir} (record one with AI_MODE=openai AI_RECORD=<name>)`);
  }
  const calls = lines.map((line) => JSON.parse(line) as RecordedCall);
  if (calls.length === 0) throw new Error(`the recording in ${dir} holds no calls`);
  return { manifest, calls };
}

/**
 * The recorded calls in the order a replay serves them: per (image, kind), the n-th request gets
 * the n-th recorded call, failures and retries included, and starts over when they run out.
 */
export class ReplayBook {
  private readonly byKey = new Map<string, RecordedCall[]>();
  private readonly served = new Map<string, number>();

  constructor(calls: readonly RecordedCall[]) {
    for (const call of [...calls].sort((a, b) => a.seq - b.seq)) {
      const key = `${call.imageSha256}:${call.kind}`;
      this.byKey.set(key, [...(this.byKey.get(key) ?? []), call]);
    }
  }

  next(imageSha256: string, kind: 'event' | 'metadata'): RecordedCall | undefined {
    const key = `${imageSha256}:${kind}`;
    const list = this.byKey.get(key);
    if (!list) return undefined;
    const n = this.served.get(key) ?? 0;
    this.served.set(key, n + 1);
    return list[n % list.length];
  }
}
