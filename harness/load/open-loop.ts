import { ContractClient } from '../contract-client.ts';
import { SseClient, type ReceivedEvent } from '../sse-client.ts';
import type { Arrival, ArrivalKind } from './arrival-plan.ts';

/** How one image of an open-model arrival ended. */
export type ImageOutcome = 'succeeded' | 'failed' | 'timed-out';
/** How one request ended at the door: accepted (202), shed (503 or 429 with Retry-After), or else. */
export type RequestOutcome = 'accepted' | 'shed' | 'refused' | 'error';

/** One arrival as it went: every time is ms from its *scheduled* send time (coordinated omission). */
export interface ArrivalRecord {
  index: number;
  kind: ArrivalKind;
  images: number;
  /** How late the driver sent it (its own lag, included in every latency below). */
  sendLagMs: number;
  request: RequestOutcome;
  status: number | null;
  /** The error code, the Retry-After, or the transport error. */
  reason?: string;
  retryAfterS?: number;
  ackMs: number | null;
  /** Per image: to `event.created` / `event.failed` on the user's stream. */
  notifiedMs: (number | null)[];
  outcomes: ImageOutcome[];
  failureReasons?: string[];
}

export interface OpenLoopOptions {
  url: string;
  arrivals: readonly Arrival[];
  base64: ReadonlyMap<string, string>;
  /** Simulated users, each with its own notification stream; arrivals take them in turn. */
  users: number;
  path: 'workflow' | 'direct' | 'optimized';
  /** After the last arrival, how long to wait for accepted images to end. */
  drainTimeoutMs: number;
  /** Connections the client may open at once. */
  maxSockets: number;
  runTag: string;
}

const isEnd = (e: ReceivedEvent) => e.type === 'event.created' || e.type === 'event.failed';

/** Waits for each job's end on the streams; ends that come before the wait are kept. */
class EndTracker {
  private readonly ends = new Map<string, ReceivedEvent>();
  private readonly waiters = new Map<string, (e: ReceivedEvent) => void>();

  onEvent = (e: ReceivedEvent): void => {
    if (!isEnd(e) || typeof e.data.jobId !== 'string') return;
    const waiter = this.waiters.get(e.data.jobId);
    if (waiter) {
      this.waiters.delete(e.data.jobId);
      waiter(e);
    } else this.ends.set(e.data.jobId, e);
  };

  wait(jobId: string): Promise<ReceivedEvent> {
    const seen = this.ends.get(jobId);
    if (seen) {
      this.ends.delete(jobId);
      return Promise.resolve(seen);
    }
    return new Promise((resolve) => this.waiters.set(jobId, resolve));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Drives an open-model load: each arrival is sent at its scheduled time whatever the server is
 * doing, and timed from that time, so a server that queues cannot hide it. Nothing is thrown:
 * every arrival ends as a record, and every accepted image as succeeded, failed or timed out.
 */
export async function runOpenLoop(options: OpenLoopOptions): Promise<{ records: ArrivalRecord[]; wallMs: number }> {
  const tracker = new EndTracker();
  const client = new ContractClient(options.url, { maxSockets: options.maxSockets });
  const streams = await Promise.all(
    Array.from({ length: options.users }, (_, i) => SseClient.connect(`${options.url}/api/notifications/stream?userId=${options.runTag}-u${i}`, { onEvent: tracker.onEvent })),
  );
  const records: ArrivalRecord[] = [];
  const inFlight: Promise<void>[] = [];
  const started = performance.now() + 20;
  // Settles (with nothing) once the drain time after the last arrival has passed.
  let endDrain: (value: undefined) => void = () => {};
  const drained = new Promise<undefined>((resolve) => (endDrain = resolve));

  const send = async (arrival: Arrival, index: number, scheduledAt: number): Promise<void> => {
    const userId = `${options.runTag}-u${index % options.users}`;
    const body =
      arrival.kind === 'batch'
        ? { path: options.path, userId, timezone: arrival.timezone, images: arrival.flyerIds.map((id) => ({ base64Image: options.base64.get(id), tempId: id })) }
        : { path: options.path, userId, timezone: arrival.timezone, base64Image: options.base64.get(arrival.flyerIds[0]!) };
    const record: ArrivalRecord = {
      index,
      kind: arrival.kind,
      images: arrival.flyerIds.length,
      sendLagMs: performance.now() - scheduledAt,
      request: 'error',
      status: null,
      ackMs: null,
      notifiedMs: arrival.flyerIds.map(() => null),
      outcomes: [],
    };
    records.push(record);
    const answer = await client.post(arrival.kind === 'batch' ? '/api/events/batch' : '/api/events/from-image', JSON.stringify(body)).catch((error: Error) => error);
    if (answer instanceof Error) {
      record.reason = answer.message;
      return;
    }
    record.status = answer.status;
    record.ackMs = answer.answeredAt - scheduledAt;
    if (answer.status !== 202) {
      const code = (answer.body as { error?: { code?: string } })?.error?.code;
      record.request = answer.status === 503 || answer.status === 429 ? 'shed' : answer.status >= 500 ? 'error' : 'refused';
      record.reason = code ?? `http ${answer.status}`;
      return;
    }
    record.request = 'accepted';
    const jobIds: string[] = arrival.kind === 'batch' ? answer.body.jobIds : [answer.body.jobId];
    const ends = await Promise.all(jobIds.map((id) => Promise.race([tracker.wait(id), drained])));
    record.outcomes = ends.map((e) => (e === undefined ? 'timed-out' : e.type === 'event.created' ? 'succeeded' : 'failed'));
    record.notifiedMs = ends.map((e) => (e === undefined ? null : e.receivedAt - scheduledAt));
    const reasons = ends.filter((e): e is ReceivedEvent => e?.type === 'event.failed').map((e) => String(e.data.reason));
    if (reasons.length) record.failureReasons = reasons;
  };
  try {
    for (let i = 0; i < options.arrivals.length; i++) {
      const arrival = options.arrivals[i]!;
      const scheduledAt = started + arrival.atMs;
      const wait = scheduledAt - performance.now();
      if (wait > 1) await sleep(wait);
      inFlight.push(send(arrival, i, scheduledAt));
    }
    const timer = setTimeout(() => endDrain(undefined), options.drainTimeoutMs);
    await Promise.all(inFlight);
    clearTimeout(timer);
  } finally {
    for (const s of streams) s.close();
    client.close();
  }
  records.sort((a, b) => a.index - b.index);
  return { records, wallMs: performance.now() - started };
}
