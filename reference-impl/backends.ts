import type { Clock } from './clock.ts';
import type { Logger } from './log.ts';
import type { ResolvedServerOptions } from './options.ts';
import type { DirectTask } from './pipeline/job-dispatcher.ts';
import { BullTaskQueue } from './queue/bullmq-task-queue.ts';
import { MemoryTaskQueue, type TaskQueue } from './queue/task-queue.ts';
import { PubSubRouter } from './redis/pubsub-router.ts';
import { RedisClients } from './redis/redis-clients.ts';
import { MemoryEventStore } from './stores/memory-event-store.ts';
import { MemoryJobStore } from './stores/memory-job-store.ts';
import { MemoryNotificationBus } from './stores/memory-notification-bus.ts';
import { MemoryResultCache } from './stores/memory-result-cache.ts';
import { MemorySingleflight } from './stores/memory-singleflight.ts';
import { RedisEventStore } from './stores/redis-event-store.ts';
import { RedisJobStore } from './stores/redis-job-store.ts';
import { RedisNotificationBus } from './stores/redis-notification-bus.ts';
import { RedisResultCache } from './stores/redis-result-cache.ts';
import { RedisSingleflight } from './stores/redis-singleflight.ts';
import type { EventStore, JobStore, NotificationBus, ResultCache, Singleflight } from './stores/types.ts';
import { MemoryJournalStore, type JournalStore } from './workflow/journal.ts';
import { RedisJournalStore } from './workflow/redis-journal-store.ts';
import type { EngineTask } from './workflow/workflow-engine.ts';

/** Every store and queue of one process, from one family: all in memory, or all on Redis. */
export interface Backend {
  jobs: JobStore;
  events: EventStore;
  cache: ResultCache;
  dedup: Singleflight;
  bus: NotificationBus;
  journal: JournalStore;
  engineQueue: TaskQueue<EngineTask>;
  directQueue: TaskQueue<DirectTask>;
  redis?: RedisClients;
}

/** The default: nothing shared, nothing to install. */
export function createMemoryBackend(options: ResolvedServerOptions, clock: Clock, logger: Logger): Backend {
  return {
    jobs: new MemoryJobStore(options.maxStoredJobs),
    events: new MemoryEventStore(),
    cache: new MemoryResultCache(options.cacheMaxEntries, clock),
    dedup: new MemorySingleflight(),
    bus: new MemoryNotificationBus(options.notificationReplay, clock),
    journal: new MemoryJournalStore(),
    engineQueue: new MemoryTaskQueue<EngineTask>(options.workflowMaxParallelism, (error) => logger.error('workflow task failed', error)),
    directQueue: new MemoryTaskQueue<DirectTask>(Number.POSITIVE_INFINITY, (error) => logger.error('job failed', error)),
  };
}

/** With REDIS_URL: every store shared through Redis, work on BullMQ queues. */
export async function createRedisBackend(options: ResolvedServerOptions, clock: Clock, logger: Logger): Promise<Backend> {
  const redis = new RedisClients(options);
  await redis.ready();
  const router = new PubSubRouter(redis.subscriber);
  const queueOptions = { lockDurationMs: options.queueLockDurationMs, stalledIntervalMs: options.queueStalledIntervalMs };
  return {
    redis,
    jobs: new RedisJobStore(redis, options.recordRetentionMs),
    events: new RedisEventStore(redis, options.recordRetentionMs),
    cache: new RedisResultCache(redis),
    dedup: new RedisSingleflight(redis, router, options.dedupLockTtlMs),
    bus: new RedisNotificationBus(redis, router, options.notificationReplay, options.recordRetentionMs, clock),
    journal: new RedisJournalStore(redis, options.recordRetentionMs),
    engineQueue: new BullTaskQueue<EngineTask>('workflow', redis, { ...queueOptions, concurrency: options.workflowMaxParallelism }, (error) =>
      logger.warn('workflow task failed; it will be retried', error),
    ),
    directQueue: new BullTaskQueue<DirectTask>('jobs', redis, { ...queueOptions, concurrency: options.workerConcurrency }, (error) =>
      logger.warn('job failed; it will be retried', error),
    ),
  };
}
