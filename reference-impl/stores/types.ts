import type { Extraction, ExtractedEvent, EventMetadata } from '../pipeline/event-schema.ts';
import type { FailureReason } from '../pipeline/failure.ts';
import type { ImageMime } from '../pipeline/image-check.ts';
import type { Optimization, PipelinePath } from '../pipeline/toggles.ts';

/**
 * Records and the store interfaces they live behind. Every store has an in-memory
 * implementation (the default); a Redis one fills the same interface.
 */

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

/** One timed span of a job, on the epoch-based high-resolution clock (ms). */
export interface StepTiming {
  /** e.g. `queue`, `ai.event`, `upload`, `insert`, `workflow.hop`. */
  name: string;
  startAt: number;
  endAt: number;
  /** The latency-model delay inside this span, in profile ms, when one was injected. */
  injectedMs?: number;
  /** Attempts made, when more than one. */
  attempts?: number;
  /** `cache-hit`, `shared` (dedup), `error`, ... when not a plain success. */
  note?: string;
  /** An AI call's usage, as the provider reported it. */
  tokens?: { prompt: number; completion: number };
}

/** What one image asks for, kept with its job so any process can run it. */
export interface ImageRequest {
  userId: string;
  timezone: string;
  comment?: string;
  lists?: string[];
  visibility?: 'public' | 'private';
  sendNotification: boolean;
}

export interface JobRecord extends ImageRequest {
  id: string;
  path: PipelinePath;
  optimizations: Optimization[];
  batchId?: string;
  index?: number;
  status: JobStatus;
  /** Image SHA-256 plus the client's latency salt: what injected delays are drawn from. */
  contentKey: string;
  imageSha256: string;
  acceptedAt: number;
  startedAt?: number;
  /** When the event was stored and the job reported done to the client. */
  finishedAt?: number;
  /** When the notification (`event.created` / `event.failed`) was published. */
  notifiedAt?: number;
  eventId?: string;
  error?: { reason: FailureReason; message: string };
  warnings: string[];
  steps: StepTiming[];
  aiCalls: number;
  cacheHit: boolean;
  dedupShared: boolean;
}

/** What a step needs to know of its job: fixed when the job is accepted, so it can travel in arguments. */
export type JobContext = ImageRequest & Pick<JobRecord, 'id' | 'path' | 'batchId' | 'contentKey' | 'acceptedAt'>;

/** The fixed part of a job record. Pure. */
export function jobContext(job: JobRecord): JobContext {
  const { id, path, batchId, contentKey, acceptedAt, userId, timezone, comment, lists, visibility, sendNotification } = job;
  return {
    id,
    path,
    contentKey,
    acceptedAt,
    userId,
    timezone,
    sendNotification,
    ...(batchId === undefined ? {} : { batchId }),
    ...(comment === undefined ? {} : { comment }),
    ...(lists === undefined ? {} : { lists }),
    ...(visibility === undefined ? {} : { visibility }),
  };
}

export type BatchStatus = 'queued' | 'running' | 'completed';

export interface BatchRecord {
  id: string;
  userId: string;
  path: PipelinePath;
  optimizations: Optimization[];
  jobIds: string[];
  /** Drawn from the images' content keys, so the summary push costs the same on every path. */
  contentKey: string;
  status: BatchStatus;
  acceptedAt: number;
  finishedAt?: number;
  notifiedAt?: number;
  /** The summary push, when there was one. */
  steps?: StepTiming[];
}

export interface StoredEvent extends ExtractedEvent {
  id: string;
  userId: string;
  createdAt: number;
  metadata: EventMetadata;
  imageUrl: string | null;
  comment?: string;
  lists?: string[];
  visibility: 'public' | 'private';
}

export type NewEvent = Omit<StoredEvent, 'id' | 'createdAt'>;

export type Notification =
  | { type: 'event.stored'; jobId: string; eventId: string; batchId?: string }
  | { type: 'event.created'; jobId: string; eventId: string; batchId?: string; push: 'sent' | 'failed' | 'skipped' }
  | { type: 'event.failed'; jobId: string; batchId?: string; reason: FailureReason; message: string }
  | { type: 'batch.completed'; batchId: string; succeeded: number; failed: number; push: 'sent' | 'failed' | 'skipped' };

/** A notification as delivered: with its stream id and the server's publish time. */
export type DeliveredNotification = Notification & { id: string; at: number };

export interface JobStore {
  /** Stores the jobs (and their batch) at once: all or none. */
  create(jobs: readonly JobRecord[], batch?: BatchRecord): Promise<void>;
  /** The job; `steps: false` skips its step timings (the pipeline never needs them). */
  get(id: string, options?: { steps?: boolean }): Promise<JobRecord | undefined>;
  /** Changes the given fields and, in the same write, appends step timings. */
  update(id: string, patch: Partial<JobRecord>, appendSteps?: readonly StepTiming[]): Promise<void>;
  appendSteps(id: string, steps: readonly StepTiming[]): Promise<void>;
  getBatch(id: string): Promise<BatchRecord | undefined>;
  updateBatch(id: string, patch: Partial<BatchRecord>): Promise<void>;
}

export interface EventStore {
  /** Inserts once per idempotency key: a replayed insert returns the first event's id. */
  insert(event: NewEvent, idempotencyKey: string, nowMs: number): Promise<{ id: string; created: boolean }>;
  get(id: string): Promise<StoredEvent | undefined>;
  /** Events the user created on their local "today" in `timeZone` at `nowMs`. */
  countToday(userId: string, timeZone: string, nowMs: number): Promise<number>;
}

export interface ResultCache {
  get(key: string): Promise<Extraction | undefined>;
  set(key: string, value: Extraction, ttlMs: number): Promise<void>;
}

/** Identical concurrent work shares one run. `shared` tells a caller it joined another's run. */
export interface Singleflight {
  run<T>(key: string, work: () => Promise<T>): Promise<{ value: T; shared: boolean }>;
}

export interface NotificationBus {
  /**
   * Publishes to the user's stream. With a `dedupKey`, a second publish of the same key (a step
   * run again after a crash) returns the first delivery instead of notifying twice.
   */
  publish(userId: string, notification: Notification, dedupKey?: string): Promise<DeliveredNotification>;
  /**
   * Listens for a user's notifications; with `lastEventId`, first replays what came after it.
   * Resolves, with the function that stops listening, once the subscription is live.
   */
  subscribe(userId: string, listener: (n: DeliveredNotification) => void, lastEventId?: string): Promise<() => void>;
}
