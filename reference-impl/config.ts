import { OptionError, resolveServerOptions, type ResolvedServerOptions, type ServerOptions } from './options.ts';

type Kind = 'string' | 'number' | 'boolean' | 'list';

/** The one table of environment variables the server reads, and the option each one sets. */
export const ENVIRONMENT: Readonly<Record<keyof ServerOptions, readonly [variable: string, kind: Kind]>> = {
  host: ['HOST', 'string'],
  port: ['PORT', 'number'],
  maxBase64Chars: ['MAX_BASE64_CHARS', 'number'],
  maxBatchImages: ['MAX_BATCH_IMAGES', 'number'],
  aiMode: ['AI_MODE', 'string'],
  aiApiKey: ['OPENAI_API_KEY', 'string'],
  aiBaseUrl: ['OPENAI_BASE_URL', 'string'],
  aiModel: ['AI_MODEL', 'string'],
  promptVersion: ['PROMPT_VERSION', 'string'],
  aiTemperature: ['AI_TEMPERATURE', 'number'],
  aiTimeoutMs: ['AI_TIMEOUT_MS', 'number'],
  aiMaxRetries: ['AI_MAX_RETRIES', 'number'],
  aiMaxConcurrency: ['AI_MAX_CONCURRENCY', 'number'],
  aiRequestsPerMinute: ['AI_REQUESTS_PER_MINUTE', 'number'],
  aiRecord: ['AI_RECORD', 'string'],
  recording: ['RECORDING', 'string'],
  recordingsDir: ['RECORDINGS_DIR', 'string'],
  uploadUrl: ['UPLOAD_URL', 'string'],
  pushUrl: ['PUSH_URL', 'string'],
  uploadMaxAttempts: ['UPLOAD_MAX_ATTEMPTS', 'number'],
  pushMaxAttempts: ['PUSH_MAX_ATTEMPTS', 'number'],
  retryBackoffMs: ['RETRY_BACKOFF_MS', 'number'],
  httpTimeoutMs: ['HTTP_TIMEOUT_MS', 'number'],
  latencyProfile: ['LATENCY_PROFILE', 'string'],
  latencySeed: ['LATENCY_SEED', 'number'],
  timeScale: ['TIME_SCALE', 'number'],
  poolSize: ['POOL_SIZE', 'number'],
  chunkSize: ['CHUNK_SIZE', 'number'],
  workflowMaxParallelism: ['WORKFLOW_MAX_PARALLELISM', 'number'],
  maxIndividualPushes: ['MAX_INDIVIDUAL_PUSHES', 'number'],
  cacheTtlMs: ['CACHE_TTL_MS', 'number'],
  cacheMaxEntries: ['CACHE_MAX_ENTRIES', 'number'],
  maxStoredJobs: ['MAX_STORED_JOBS', 'number'],
  notificationReplay: ['NOTIFICATION_REPLAY', 'number'],
  sseHeartbeatMs: ['SSE_HEARTBEAT_MS', 'number'],
  logLevel: ['LOG_LEVEL', 'string'],
  redisUrl: ['REDIS_URL', 'string'],
  redisPrefix: ['REDIS_PREFIX', 'string'],
  redisCommandTimeoutMs: ['REDIS_COMMAND_TIMEOUT_MS', 'number'],
  dedupLockTtlMs: ['DEDUP_LOCK_TTL_MS', 'number'],
  queueLockDurationMs: ['QUEUE_LOCK_DURATION_MS', 'number'],
  queueStalledIntervalMs: ['QUEUE_STALLED_INTERVAL_MS', 'number'],
  workerConcurrency: ['WORKER_CONCURRENCY', 'number'],
  instances: ['INSTANCES', 'number'],
  runWorkers: ['RUN_WORKERS', 'boolean'],
  recordRetentionMs: ['RECORD_RETENTION_MS', 'number'],
  optimizedDefaults: ['OPTIMIZED_DEFAULTS', 'list'],
  maxPendingImages: ['MAX_PENDING_IMAGES', 'number'],
  overloadRetryAfterS: ['OVERLOAD_RETRY_AFTER_S', 'number'],
};

/** A start-up failure that names the environment variable and its value. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/**
 * Reads the server's configuration from the environment, once. A value that does not parse
 * or validate throws a `ConfigError` naming the variable, so the process fails at start-up.
 */
export function readConfig(env: NodeJS.ProcessEnv = process.env): ResolvedServerOptions {
  const options: Record<string, string | number | boolean | string[]> = {};
  for (const [option, [variable, kind]] of Object.entries(ENVIRONMENT)) {
    const raw = env[variable];
    if (raw === undefined || raw === '') continue;
    if (kind === 'string') {
      options[option] = raw;
      continue;
    }
    if (kind === 'list') {
      options[option] = raw.split(',').map((item) => item.trim()).filter(Boolean);
      continue;
    }
    if (kind === 'boolean') {
      const lower = raw.trim().toLowerCase();
      if (!['true', 'false', '1', '0'].includes(lower)) throw new ConfigError(`${variable}=${JSON.stringify(raw)} is not true or false`);
      options[option] = lower === 'true' || lower === '1';
      continue;
    }
    const value = Number(raw.trim());
    if (raw.trim() === '' || !Number.isFinite(value)) {
      throw new ConfigError(`${variable}=${JSON.stringify(raw)} is not a number`);
    }
    options[option] = value;
  }
  try {
    return resolveServerOptions(options as ServerOptions);
  } catch (error) {
    if (error instanceof OptionError) {
      const [variable] = ENVIRONMENT[error.option];
      throw new ConfigError(`${variable}=${JSON.stringify(String(error.value))} is not ${error.expected}`);
    }
    throw error;
  }
}
