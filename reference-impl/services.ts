import { systemClock, type Clock } from './clock.ts';
import { LatencyInjector } from './latency/latency-injector.ts';
import { loadLatencyProfile, type LatencyProfile } from './latency/latency-profile.ts';
import { createLogger, type Logger } from './log.ts';
import { PipelineMetrics } from './metrics.ts';
import { loadFlyerCatalog, type FlyerCatalog } from './mocks/flyer-catalog.ts';
import { installMockServices, type MockServices } from './mocks/mock-services.ts';
import type { ResolvedServerOptions } from './options.ts';
import { Admission } from './pipeline/admission.ts';
import { BackgroundTasks } from './pipeline/background-tasks.ts';
import type { PipelineDeps } from './pipeline/deps.ts';
import { JobDispatcher, type DirectTask } from './pipeline/job-dispatcher.ts';
import { OpenAiExtractor } from './providers/ai-extractor.ts';
import { HttpPusher } from './providers/pusher.ts';
import { ReplayBook, RecordingWriter, readRecording, recordingDir } from './providers/recording.ts';
import { HttpUploader } from './providers/uploader.ts';
import type { TaskQueue } from './queue/task-queue.ts';
import type { RedisClients } from './redis/redis-clients.ts';
import { createMemoryBackend, createRedisBackend, type Backend } from './backends.ts';
import type { EventStore, JobStore, NotificationBus, ResultCache, Singleflight } from './stores/types.ts';
import { IMAGE_WORKFLOW, imageWorkflowDefinition } from './workflow/image-workflow.ts';
import type { JournalStore } from './workflow/journal.ts';
import { WorkflowEngine, type EngineTask } from './workflow/workflow-engine.ts';

/** Pieces a caller (a test, a second engine after a simulated crash) may supply instead. */
export interface ServiceOverrides {
  clock?: Clock;
  profile?: LatencyProfile;
  logger?: Logger;
  mocks?: MockServices;
  jobs?: JobStore;
  events?: EventStore;
  cache?: ResultCache;
  dedup?: Singleflight;
  bus?: NotificationBus;
  journal?: JournalStore;
}

/** Everything the app runs on, wired once. */
export interface Services {
  options: ResolvedServerOptions;
  deps: PipelineDeps;
  engine: WorkflowEngine;
  dispatcher: JobDispatcher;
  journal: JournalStore;
  logger: Logger;
  /** Present with REDIS_URL. */
  redis?: RedisClients;
  /** Present with AI_MODE=mock. */
  mocks?: MockServices;
  catalog?: FlyerCatalog;
  /** Resolves when no job, workflow step or background notification is in flight (in any process, on Redis). */
  idle(): Promise<void>;
  /** Stops as a crash would (queues dropped), keeping the stores for a successor. */
  crash(): void;
  /** Stops taking work and lets what runs finish (SIGTERM). */
  drain(): Promise<void>;
  /** Drains, then releases connections and removes the mocks. */
  close(): Promise<void>;
}

/**
 * The composition root: stores and queues (memory by default, Redis and BullMQ with REDIS_URL),
 * providers (mocked with nock when AI_MODE=mock), the workflow engine and the dispatcher.
 */
export async function createServices(options: ResolvedServerOptions, overrides: ServiceOverrides = {}): Promise<Services> {
  const clock = overrides.clock ?? systemClock;
  const logger = overrides.logger ?? createLogger(options.logLevel);
  const profile = overrides.profile ?? (await loadLatencyProfile(options.latencyProfile));
  const latency = new LatencyInjector(profile, options.latencySeed, options.timeScale);
  const metrics = new PipelineMetrics({ processMetrics: true });

  // The mock AI answers from the fixtures; a replay from its recording; upload and push stay
  // mocked in every mode while they point at the mock hosts. The mocks go in before any client
  // is made, so the SDK's fetch is the intercepted one.
  const catalog: FlyerCatalog | undefined = options.aiMode === 'mock' ? loadFlyerCatalog() : undefined;
  const replay = options.aiMode === 'replay' ? new ReplayBook(readRecording(recordingDir(options.recordingsDir, options.recording)).calls) : undefined;
  const ownsMocks = overrides.mocks === undefined;
  const mocks = overrides.mocks ?? installMockServices(options, latency, catalog, replay);
  const recorder = options.aiRecord
    ? new RecordingWriter(recordingDir(options.recordingsDir, options.aiRecord), {
        name: options.aiRecord,
        createdAt: new Date().toISOString(),
        model: options.aiModel,
        providerHost: new URL(options.aiBaseUrl).host,
        promptVersion: options.promptVersion,
        temperature: options.aiTemperature,
      })
    : undefined;

  const backend: Backend = options.redisUrl
    ? await createRedisBackend(options, clock, logger)
    : createMemoryBackend(options, clock, logger);
  const deps: PipelineDeps = {
    options,
    clock,
    latency,
    metrics,
    ai: new OpenAiExtractor(options, metrics, clock, recorder),
    uploader: new HttpUploader(options, metrics, clock),
    pusher: new HttpPusher(options, metrics, clock),
    events: overrides.events ?? backend.events,
    jobs: overrides.jobs ?? backend.jobs,
    cache: overrides.cache ?? backend.cache,
    dedup: overrides.dedup ?? backend.dedup,
    bus: overrides.bus ?? backend.bus,
    background: new BackgroundTasks((error) => logger.error('background task failed', error)),
    // On Redis a job may end in another process, which cannot give this one's slot back: the
    // bound is a single process's (memory mode), and BullMQ's queues absorb the backlog on Redis.
    admission: new Admission(options.redisUrl ? Number.POSITIVE_INFINITY : options.maxPendingImages, options.overloadRetryAfterS, (n) => metrics.shed.inc(n)),
  };
  metrics.pendingImages = () => deps.admission.size;

  const journal = overrides.journal ?? backend.journal;
  const engineQueue: TaskQueue<EngineTask> = backend.engineQueue;
  const directQueue: TaskQueue<DirectTask> = backend.directQueue;
  const engine = new WorkflowEngine({
    journal,
    queue: engineQueue,
    latency,
    clock,
    definitions: { [IMAGE_WORKFLOW]: imageWorkflowDefinition(deps) },
    onTiming: (workflowId, timings) => void deps.jobs.appendSteps(workflowId, timings).catch(() => {}),
  });
  const dispatcher = new JobDispatcher(deps, engine, directQueue);
  if (options.runWorkers) {
    engine.startWorker();
    dispatcher.startWorker();
  }

  const idle = async () => {
    // Each queue can feed the others (a batch starts workflows, a job starts a background push),
    // so wait until all three are idle at the same moment.
    for (;;) {
      await Promise.all([directQueue.idle(), engineQueue.idle(), deps.background.idle()]);
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (directQueue.isIdle() && engineQueue.isIdle() && deps.background.size === 0) return;
    }
  };
  const drain = async () => {
    await Promise.all([directQueue.drain(), engineQueue.drain()]);
    await deps.background.idle();
  };

  return {
    options,
    deps,
    engine,
    dispatcher,
    journal,
    logger,
    ...(backend.redis ? { redis: backend.redis } : {}),
    ...(mocks ? { mocks } : {}),
    ...(catalog ? { catalog } : {}),
    idle,
    crash() {
      engine.crash();
      directQueue.abandon();
    },
    drain,
    async close() {
      await drain();
      await Promise.all([directQueue.close(), engineQueue.close()]);
      await backend.redis?.close();
      if (ownsMocks) mocks?.restore();
    },
  };
}
