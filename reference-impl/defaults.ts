/**
 * Every default of the reference server, named, in one place. `options.ts` merges them;
 * nothing else in the server writes a literal default.
 */

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 3000;

/** The API limit of the app the seed describes: 700,000 base64 characters per image. */
export const DEFAULT_MAX_BASE64_CHARS = 700_000;
/** The client of the original app picks at most 20 images. */
export const DEFAULT_MAX_BATCH_IMAGES = 20;

export const DEFAULT_AI_MODE = 'mock';
export const DEFAULT_AI_MODEL = 'google/gemini-flash-1.5';
/** Changing the prompt must change the cache key, so the prompt carries a version. */
export const DEFAULT_PROMPT_VERSION = 'event-extract-v1';
export const DEFAULT_AI_TEMPERATURE = 0.2;
export const DEFAULT_AI_TIMEOUT_MS = 60_000;
export const DEFAULT_AI_MAX_RETRIES = 2;
/** AI calls in flight at once from one process: a client-side bound, below a provider's own. */
export const DEFAULT_AI_MAX_CONCURRENCY = 16;
/** Where `AI_RECORD` writes and `RECORDING` reads, relative to the working directory. */
export const DEFAULT_RECORDINGS_DIR = 'fixtures/recordings';

/** Hosts the mocks answer on; with AI_MODE=mock nothing leaves the process. */
export const MOCK_AI_BASE_URL = 'http://ai.mock.internal/v1';
export const MOCK_UPLOAD_URL = 'http://upload.mock.internal/upload';
export const MOCK_PUSH_URL = 'http://push.mock.internal/send';
export const MOCK_API_KEY = 'mock-key';

export const DEFAULT_UPLOAD_MAX_ATTEMPTS = 3;
export const DEFAULT_PUSH_MAX_ATTEMPTS = 3;
/** Base backoff between upload/push attempts, in profile milliseconds (scaled by TIME_SCALE). */
export const DEFAULT_RETRY_BACKOFF_MS = 250;
export const DEFAULT_HTTP_TIMEOUT_MS = 30_000;

export const DEFAULT_LATENCY_PROFILE = 'seed';
export const DEFAULT_LATENCY_SEED = 1;
export const DEFAULT_TIME_SCALE = 1;

/** Sliding-window size of the `pool` batch strategy. */
export const DEFAULT_POOL_SIZE = 5;
/** Chunk size of the `chunk` batch strategy: the seed's CHUNK_SIZE. */
export const DEFAULT_CHUNK_SIZE = 5;
/** Workflow steps in flight at once across all workflows (the engine's work pool). */
export const DEFAULT_WORKFLOW_MAX_PARALLELISM = 10;
/** Batches of more images than this get one summary push instead of one push each. */
export const DEFAULT_MAX_INDIVIDUAL_PUSHES = 3;

export const DEFAULT_CACHE_TTL_MS = 7 * 24 * 60 * 60 * 1000;
export const DEFAULT_CACHE_MAX_ENTRIES = 10_000;
/** Finished jobs kept for status queries before the oldest are dropped. */
export const DEFAULT_MAX_STORED_JOBS = 100_000;
/** Notifications kept per user so a reconnecting stream (Last-Event-ID) misses nothing. */
export const DEFAULT_NOTIFICATION_REPLAY = 256;
export const DEFAULT_SSE_HEARTBEAT_MS = 15_000;

export const DEFAULT_LOG_LEVEL = 'info';

/** Redis key prefix: runs and tests that use different prefixes never see each other's data. */
export const DEFAULT_REDIS_PREFIX = 'iepb';
/** A Redis command not answered in this long fails, so a hung Redis gives a 503, not a hang. */
export const DEFAULT_REDIS_COMMAND_TIMEOUT_MS = 2_000;
/** A dedup lock's lifetime; its holder renews it while it works, so only a dead holder's lock lapses. */
export const DEFAULT_DEDUP_LOCK_TTL_MS = 10_000;
/** BullMQ: how long a worker's claim on a task lasts without renewal (a killed worker's task is retried after it). */
export const DEFAULT_QUEUE_LOCK_DURATION_MS = 30_000;
/** BullMQ: how often workers look for tasks whose worker died. */
export const DEFAULT_QUEUE_STALLED_INTERVAL_MS = 30_000;
/** BullMQ: tasks one process works on at once, per queue. */
export const DEFAULT_WORKER_CONCURRENCY = 64;
export const DEFAULT_INSTANCES = 1;
/** How long Redis keeps job, batch, event and workflow records. */
export const DEFAULT_RECORD_RETENTION_MS = 24 * 60 * 60 * 1000;

/** What the `optimized` path runs when a request names no optimisations: all of them, `pool` for batches. */
export const DEFAULT_OPTIMIZED_DEFAULTS = ['parallel', 'cache', 'dedup', 'earlyQuery', 'asyncNotify', 'pool'] as const;

/** Images in flight one process accepts before it sheds load (each holds its decoded bytes). */
export const DEFAULT_MAX_PENDING_IMAGES = 1000;
export const DEFAULT_OVERLOAD_RETRY_AFTER_S = 1;
