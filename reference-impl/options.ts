import * as D from './defaults.ts';
import { OPTIMIZATIONS, type Optimization } from './pipeline/toggles.ts';

export const AI_MODES = ['mock', 'openai', 'replay'] as const;
export type AiMode = (typeof AI_MODES)[number];

export const LOG_LEVELS = ['silent', 'error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Options of the reference server. Every field is optional; `resolveServerOptions` fills the
 * defaults of `defaults.ts`. The environment variable that sets each one (read in `config.ts`
 * only) is named in its doc.
 */
export interface ServerOptions {
  /** `HOST`. @default '127.0.0.1' */
  host?: string;
  /** `PORT`; 0 picks a free port. @default 3000 */
  port?: number;
  /** `MAX_BASE64_CHARS`: the largest accepted image, in base64 characters. @default 700000 */
  maxBase64Chars?: number;
  /** `MAX_BATCH_IMAGES`: the most images one batch may hold. @default 20 */
  maxBatchImages?: number;
  /** `AI_MODE`: `mock` answers every outbound call in-process with nock. @default 'mock' */
  aiMode?: AiMode;
  /** `OPENAI_API_KEY`; required with `AI_MODE=openai`. */
  aiApiKey?: string;
  /** `OPENAI_BASE_URL`: any OpenAI-compatible endpoint. @default the mock's URL in mock mode */
  aiBaseUrl?: string;
  /** `AI_MODEL`. @default 'google/gemini-flash-1.5' */
  aiModel?: string;
  /** `PROMPT_VERSION`: part of the cache key. @default 'event-extract-v1' */
  promptVersion?: string;
  /** `AI_TEMPERATURE`. @default 0.2 */
  aiTemperature?: number;
  /** `AI_TIMEOUT_MS`: per AI call, before the SDK retries. @default 60000 */
  aiTimeoutMs?: number;
  /** `AI_MAX_RETRIES`: the SDK's retries on 429, 5xx and timeouts (it honours retry-after). @default 2 */
  aiMaxRetries?: number;
  /** `AI_MAX_CONCURRENCY`: AI calls this process has in flight at most; more wait their turn. @default 16 */
  aiMaxConcurrency?: number;
  /** `AI_REQUESTS_PER_MINUTE`: AI calls this process starts per minute at most; 0 for no limit. @default 0 */
  aiRequestsPerMinute?: number;
  /**
   * `AI_RECORD`: with `AI_MODE=openai`, save every AI response with its latency and usage under
   * `RECORDINGS_DIR/<name>/` (never the key or any authorisation header). @default '' (off)
   */
  aiRecord?: string;
  /** `RECORDING`: with `AI_MODE=replay`, the recording whose responses and latencies are served. */
  recording?: string;
  /** `RECORDINGS_DIR`: where recordings live. @default fixtures/recordings */
  recordingsDir?: string;
  /** `UPLOAD_URL`: receives the decoded image bytes, answers `{ url }`. @default the mock's URL */
  uploadUrl?: string;
  /** `PUSH_URL`: receives push notifications. @default the mock's URL */
  pushUrl?: string;
  /** `UPLOAD_MAX_ATTEMPTS`. @default 3 */
  uploadMaxAttempts?: number;
  /** `PUSH_MAX_ATTEMPTS`. @default 3 */
  pushMaxAttempts?: number;
  /** `RETRY_BACKOFF_MS`: base backoff of upload and push retries, scaled by TIME_SCALE. @default 250 */
  retryBackoffMs?: number;
  /** `HTTP_TIMEOUT_MS`: per upload or push attempt. @default 30000 */
  httpTimeoutMs?: number;
  /** `LATENCY_PROFILE`: a name under fixtures/profiles or a path to a JSON file. @default 'seed' */
  latencyProfile?: string;
  /** `LATENCY_SEED`: with the profile and the content, fixes every injected delay. @default 1 */
  latencySeed?: number;
  /** `TIME_SCALE`: multiplies every injected delay and time-based policy. @default 1 */
  timeScale?: number;
  /** `POOL_SIZE`: images in flight at once in a `pool` batch. @default 5 */
  poolSize?: number;
  /** `CHUNK_SIZE`: images per chunk in a `chunk` batch. @default 5 */
  chunkSize?: number;
  /** `WORKFLOW_MAX_PARALLELISM`: workflow steps running at once. @default 10 */
  workflowMaxParallelism?: number;
  /** `MAX_INDIVIDUAL_PUSHES`: larger batches get one summary push. @default 3 */
  maxIndividualPushes?: number;
  /** `CACHE_TTL_MS`: lifetime of a cached AI result. @default 7 days */
  cacheTtlMs?: number;
  /** `CACHE_MAX_ENTRIES`: the in-memory cache drops its oldest entries past this. @default 10000 */
  cacheMaxEntries?: number;
  /** `MAX_STORED_JOBS`: the in-memory job store drops its oldest finished jobs past this. @default 100000 */
  maxStoredJobs?: number;
  /** `NOTIFICATION_REPLAY`: notifications kept per user for reconnecting streams. @default 256 */
  notificationReplay?: number;
  /** `SSE_HEARTBEAT_MS`: comment line sent on idle streams. @default 15000 */
  sseHeartbeatMs?: number;
  /** `LOG_LEVEL`. @default 'info' */
  logLevel?: LogLevel;
  /** `REDIS_URL`: with it, every store is in Redis and work runs on BullMQ queues. @default '' (memory) */
  redisUrl?: string;
  /** `REDIS_PREFIX`: prefix of every Redis key and queue. @default 'iepb' */
  redisPrefix?: string;
  /** `REDIS_COMMAND_TIMEOUT_MS`: a command unanswered this long fails (503). @default 2000 */
  redisCommandTimeoutMs?: number;
  /** `DEDUP_LOCK_TTL_MS`: lifetime of a cross-process dedup lock, renewed by its holder. @default 10000 */
  dedupLockTtlMs?: number;
  /** `QUEUE_LOCK_DURATION_MS`: BullMQ lock on a running task; a dead worker's task is retried after it. @default 30000 */
  queueLockDurationMs?: number;
  /** `QUEUE_STALLED_INTERVAL_MS`: how often BullMQ looks for tasks of dead workers. @default 30000 */
  queueStalledIntervalMs?: number;
  /** `WORKER_CONCURRENCY`: BullMQ tasks per queue one process runs at once. @default 64 */
  workerConcurrency?: number;
  /** `INSTANCES`: server processes sharing the port (node's cluster); above 1 needs REDIS_URL. @default 1 */
  instances?: number;
  /** `RECORD_RETENTION_MS`: how long Redis keeps jobs, batches, events and journals. @default 1 day */
  recordRetentionMs?: number;
  /** `RUN_WORKERS`: run queue workers in the server process (`false`: HTTP only). @default true */
  runWorkers?: boolean;
  /**
   * `MAX_PENDING_IMAGES`: images accepted and not yet notified, at most; past it a request gets
   * 503 `overloaded` with a Retry-After (memory mode; on Redis the queues hold the backlog). @default 1000
   */
  maxPendingImages?: number;
  /** `OVERLOAD_RETRY_AFTER_S`: the Retry-After an overloaded answer carries, in seconds. @default 1 */
  overloadRetryAfterS?: number;
  /**
   * `OPTIMIZED_DEFAULTS`: the optimisations the `optimized` path runs when a request names none,
   * comma-separated. Lets a run measure the optimized path with one switched off, as a code change
   * would (the regression gate's proof does). @default every optimisation but `chunk`
   */
  optimizedDefaults?: readonly string[];
}

export type ResolvedServerOptions = Readonly<Required<Omit<ServerOptions, 'aiApiKey' | 'optimizedDefaults' | 'recording'>>> & {
  /** The replayed recording's name ('' outside replay mode). */
  readonly recording: string;
  readonly aiApiKey: string;
  readonly optimizedDefaults: readonly Optimization[];
};

/** A bad option value; `config.ts` turns the option name into its environment variable. */
export class OptionError extends Error {
  constructor(
    readonly option: keyof ServerOptions,
    readonly value: unknown,
    readonly expected: string,
  ) {
    super(`option ${String(option)}: ${JSON.stringify(value)} is not ${expected}`);
    this.name = 'OptionError';
  }
}

function integer(option: keyof ServerOptions, value: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new OptionError(option, value, `an integer from ${min} to ${max}`);
  }
  return value;
}

function positive(option: keyof ServerOptions, value: number, allowZero = false): number {
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new OptionError(option, value, allowZero ? 'a number >= 0' : 'a number > 0');
  }
  return value;
}

function bool(option: keyof ServerOptions, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new OptionError(option, value, 'true or false');
  return value;
}

function oneOf<T extends string>(option: keyof ServerOptions, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new OptionError(option, value, `one of ${allowed.join(', ')}`);
  }
  return value as T;
}

function url(option: keyof ServerOptions, value: string): string {
  try {
    const parsed = new URL(value);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('protocol');
    return value;
  } catch {
    throw new OptionError(option, value, 'an http(s) URL');
  }
}

function redisUrl(value: string): string {
  try {
    const parsed = new URL(value);
    if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') throw new Error('protocol');
    return value;
  } catch {
    throw new OptionError('redisUrl', value, 'a redis:// or rediss:// URL');
  }
}

function recordingName(option: keyof ServerOptions, value: string): string {
  if (value !== '' && !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(value)) throw new OptionError(option, value, 'a name of 1-64 letters, digits, _ . - (it names a folder)');
  return value;
}

function prefix(value: string): string {
  if (!/^[A-Za-z0-9_.:-]{1,64}$/.test(value)) throw new OptionError('redisPrefix', value, '1-64 letters, digits or _ . : -');
  return value;
}

function optimizations(value: readonly string[]): readonly Optimization[] {
  const unknown = value.find((name) => !(OPTIMIZATIONS as readonly string[]).includes(name));
  if (unknown !== undefined) throw new OptionError('optimizedDefaults', value.join(','), `a list of ${OPTIMIZATIONS.join(', ')} (${JSON.stringify(unknown)} is not one)`);
  if (value.includes('pool') && value.includes('chunk')) throw new OptionError('optimizedDefaults', value.join(','), 'a list without both pool and chunk');
  return Object.freeze([...new Set(value)] as Optimization[]);
}

/** Merges the defaults, validates every field, and freezes the result. */
export function resolveServerOptions(options: ServerOptions = {}): ResolvedServerOptions {
  const aiMode = oneOf('aiMode', options.aiMode ?? D.DEFAULT_AI_MODE, AI_MODES);
  const mocked = aiMode !== 'openai';
  const aiApiKey = options.aiApiKey ?? (mocked ? D.MOCK_API_KEY : '');
  if (!mocked && aiApiKey === '') {
    throw new OptionError('aiApiKey', '', 'set (AI_MODE=openai needs an API key)');
  }
  const resolved: ResolvedServerOptions = {
    host: options.host ?? D.DEFAULT_HOST,
    port: integer('port', options.port ?? D.DEFAULT_PORT, 0, 65_535),
    maxBase64Chars: integer('maxBase64Chars', options.maxBase64Chars ?? D.DEFAULT_MAX_BASE64_CHARS, 4),
    maxBatchImages: integer('maxBatchImages', options.maxBatchImages ?? D.DEFAULT_MAX_BATCH_IMAGES, 1, 1000),
    aiMode,
    aiApiKey,
    aiBaseUrl: url('aiBaseUrl', options.aiBaseUrl ?? (mocked ? D.MOCK_AI_BASE_URL : 'https://api.openai.com/v1')),
    aiModel: options.aiModel ?? D.DEFAULT_AI_MODEL,
    promptVersion: options.promptVersion ?? D.DEFAULT_PROMPT_VERSION,
    aiTemperature: positive('aiTemperature', options.aiTemperature ?? D.DEFAULT_AI_TEMPERATURE, true),
    aiTimeoutMs: integer('aiTimeoutMs', options.aiTimeoutMs ?? D.DEFAULT_AI_TIMEOUT_MS, 1),
    aiMaxRetries: integer('aiMaxRetries', options.aiMaxRetries ?? D.DEFAULT_AI_MAX_RETRIES, 0, 10),
    aiMaxConcurrency: integer('aiMaxConcurrency', options.aiMaxConcurrency ?? D.DEFAULT_AI_MAX_CONCURRENCY, 1, 10_000),
    aiRequestsPerMinute: integer('aiRequestsPerMinute', options.aiRequestsPerMinute ?? 0, 0, 1_000_000),
    aiRecord: recordingName('aiRecord', options.aiRecord ?? ''),
    recording: recordingName('recording', options.recording ?? ''),
    recordingsDir: options.recordingsDir ?? D.DEFAULT_RECORDINGS_DIR,
    uploadUrl: url('uploadUrl', options.uploadUrl ?? D.MOCK_UPLOAD_URL),
    pushUrl: url('pushUrl', options.pushUrl ?? D.MOCK_PUSH_URL),
    uploadMaxAttempts: integer('uploadMaxAttempts', options.uploadMaxAttempts ?? D.DEFAULT_UPLOAD_MAX_ATTEMPTS, 1, 10),
    pushMaxAttempts: integer('pushMaxAttempts', options.pushMaxAttempts ?? D.DEFAULT_PUSH_MAX_ATTEMPTS, 1, 10),
    retryBackoffMs: positive('retryBackoffMs', options.retryBackoffMs ?? D.DEFAULT_RETRY_BACKOFF_MS, true),
    httpTimeoutMs: integer('httpTimeoutMs', options.httpTimeoutMs ?? D.DEFAULT_HTTP_TIMEOUT_MS, 1),
    latencyProfile: options.latencyProfile ?? D.DEFAULT_LATENCY_PROFILE,
    latencySeed: integer('latencySeed', options.latencySeed ?? D.DEFAULT_LATENCY_SEED, 0),
    timeScale: positive('timeScale', options.timeScale ?? D.DEFAULT_TIME_SCALE, true),
    poolSize: integer('poolSize', options.poolSize ?? D.DEFAULT_POOL_SIZE, 1, 1000),
    chunkSize: integer('chunkSize', options.chunkSize ?? D.DEFAULT_CHUNK_SIZE, 1, 1000),
    workflowMaxParallelism: integer(
      'workflowMaxParallelism',
      options.workflowMaxParallelism ?? D.DEFAULT_WORKFLOW_MAX_PARALLELISM,
      1,
      10_000,
    ),
    maxIndividualPushes: integer('maxIndividualPushes', options.maxIndividualPushes ?? D.DEFAULT_MAX_INDIVIDUAL_PUSHES, 0),
    cacheTtlMs: integer('cacheTtlMs', options.cacheTtlMs ?? D.DEFAULT_CACHE_TTL_MS, 1),
    cacheMaxEntries: integer('cacheMaxEntries', options.cacheMaxEntries ?? D.DEFAULT_CACHE_MAX_ENTRIES, 1),
    maxStoredJobs: integer('maxStoredJobs', options.maxStoredJobs ?? D.DEFAULT_MAX_STORED_JOBS, 1),
    notificationReplay: integer('notificationReplay', options.notificationReplay ?? D.DEFAULT_NOTIFICATION_REPLAY, 0),
    sseHeartbeatMs: integer('sseHeartbeatMs', options.sseHeartbeatMs ?? D.DEFAULT_SSE_HEARTBEAT_MS, 10),
    logLevel: oneOf('logLevel', options.logLevel ?? D.DEFAULT_LOG_LEVEL, LOG_LEVELS),
    redisUrl: options.redisUrl === undefined || options.redisUrl === '' ? '' : redisUrl(options.redisUrl),
    redisPrefix: prefix(options.redisPrefix ?? D.DEFAULT_REDIS_PREFIX),
    redisCommandTimeoutMs: integer('redisCommandTimeoutMs', options.redisCommandTimeoutMs ?? D.DEFAULT_REDIS_COMMAND_TIMEOUT_MS, 1),
    dedupLockTtlMs: integer('dedupLockTtlMs', options.dedupLockTtlMs ?? D.DEFAULT_DEDUP_LOCK_TTL_MS, 100),
    queueLockDurationMs: integer('queueLockDurationMs', options.queueLockDurationMs ?? D.DEFAULT_QUEUE_LOCK_DURATION_MS, 100),
    queueStalledIntervalMs: integer('queueStalledIntervalMs', options.queueStalledIntervalMs ?? D.DEFAULT_QUEUE_STALLED_INTERVAL_MS, 100),
    workerConcurrency: integer('workerConcurrency', options.workerConcurrency ?? D.DEFAULT_WORKER_CONCURRENCY, 1, 10_000),
    instances: integer('instances', options.instances ?? D.DEFAULT_INSTANCES, 1, 64),
    runWorkers: bool('runWorkers', options.runWorkers ?? true),
    maxPendingImages: integer('maxPendingImages', options.maxPendingImages ?? D.DEFAULT_MAX_PENDING_IMAGES, 1),
    overloadRetryAfterS: integer('overloadRetryAfterS', options.overloadRetryAfterS ?? D.DEFAULT_OVERLOAD_RETRY_AFTER_S, 1, 3600),
    optimizedDefaults: optimizations(options.optimizedDefaults ?? D.DEFAULT_OPTIMIZED_DEFAULTS),
    recordRetentionMs: integer('recordRetentionMs', options.recordRetentionMs ?? D.DEFAULT_RECORD_RETENTION_MS, 1000),
  };
  if (resolved.aiRecord !== '' && aiMode !== 'openai') {
    throw new OptionError('aiRecord', resolved.aiRecord, 'set only with AI_MODE=openai (a recording is of a real provider)');
  }
  if (aiMode === 'replay' && resolved.recording === '') {
    throw new OptionError('recording', '', 'set (AI_MODE=replay needs RECORDING, the name of a recording)');
  }
  if (resolved.instances > 1 && resolved.redisUrl === '') {
    throw new OptionError('instances', resolved.instances, 'above 1 without REDIS_URL (processes would not share their stores)');
  }
  if (!resolved.runWorkers && resolved.redisUrl === '') {
    throw new OptionError('runWorkers', false, 'false without REDIS_URL (no other process could run the work)');
  }
  return Object.freeze(resolved);
}
