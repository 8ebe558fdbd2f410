import { systemClock, type Clock } from './clock.ts';
import { LatencyInjector } from './latency/latency-injector.ts';
import { loadLatencyProfile, type LatencyProfile } from './latency/latency-profile.ts';
import { createLogger, type Logger } from './log.ts';
import { PipelineMetrics } from './metrics.ts';
import { loadFlyerCatalog, type FlyerCatalog } from './mocks/flyer-catalog.ts';
import { installMockServices, type MockServices } from './mocks/mock-services.ts';
import type { ResolvedServerOptions } from './options.ts';
import { BackgroundTasks } from './pipeline/background-tasks.ts';
import type { PipelineDeps } from './pipeline/deps.ts';
import { JobDispatcher, type DirectTask } from './pipeline/job-dispatcher.ts';
import { OpenAiExtractor } from './providers/ai-extractor.ts';
import { HttpPusher } from './providers/pusher.ts';
import { HttpUploader } from './providers/uploader.ts';
import { MemoryTaskQueue } from './queue/task-queue.ts';
import { MemoryEventStore } from './stores/memory-event-store.ts';
import { MemoryJobStore } from './stores/memory-job-store.ts';
import { MemoryNotificationBus } from './stores/memory-notification-bus.ts';
import { MemoryResultCache } from './stores/memory-result-cache.ts';
import { MemorySingleflight } from './stores/memory-singleflight.ts';
import type { EventStore, JobStore, NotificationBus, ResultCache, Singleflight } from './stores/types.ts';
import { IMAGE_WORKFLOW, imageWorkflowDefinition } from './workflow/image-workflow.ts';
import { MemoryJournalStore, type JournalStore } from './workflow/journal.ts';
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
  /** Present with AI_MODE=mock. */
  mocks?: MockServices;
  catalog?: FlyerCatalog;
  /** Resolves when no job, workflow step or background notification is in flight. */
  idle(): Promise<void>;
  /** Stops as a crash would (queues dropped), keeping the stores for a successor. */
  crash(): void;
  /** Waits for in-flight work, then removes the mocks. */
  close(): Promise<void>;
}

/**
 * The composition root: stores (memory by default), providers (mocked with nock when
 * AI_MODE=mock), the workflow engine and the dispatcher.
 */
export async function createServices(options: ResolvedServerOptions, overrides: ServiceOverrides = {}): Promise<Services> {
  const clock = overrides.clock ?? systemClock;
  const logger = overrides.logger ?? createLogger(options.logLevel);
  const profile = overrides.profile ?? (await loadLatencyProfile(options.latencyProfile));
  const latency = new LatencyInjector(profile, options.latencySeed, options.timeScale);
  const metrics = new PipelineMetrics({ processMetrics: true });

  let catalog: FlyerCatalog | undefined;
  let mocks = overrides.mocks;
  const ownsMocks = mocks === undefined && options.aiMode === 'mock';
  if (options.aiMode === 'mock') {
    catalog = loadFlyerCatalog();
    // The mocks go in before any client is made, so the SDK's fetch is the intercepted one.
    mocks ??= installMockServices(options, latency, catalog);
  }

  const deps: PipelineDeps = {
    options,
    clock,
    latency,
    metrics,
    ai: new OpenAiExtractor(options, metrics, clock),
    uploader: new HttpUploader(options, metrics, clock),
    pusher: new HttpPusher(options, metrics, clock),
    events: overrides.events ?? new MemoryEventStore(),
    jobs: overrides.jobs ?? new MemoryJobStore(options.maxStoredJobs),
    cache: overrides.cache ?? new MemoryResultCache(options.cacheMaxEntries, clock),
    dedup: overrides.dedup ?? new MemorySingleflight(),
    bus: overrides.bus ?? new MemoryNotificationBus(options.notificationReplay, clock),
    background: new BackgroundTasks((error) => logger.error('background task failed', error)),
  };

  const journal = overrides.journal ?? new MemoryJournalStore();
  const engineQueue = new MemoryTaskQueue<EngineTask>(options.workflowMaxParallelism, (error) => logger.error('workflow task failed', error));
  const engine = new WorkflowEngine({
    journal,
    queue: engineQueue,
    latency,
    clock,
    definitions: { [IMAGE_WORKFLOW]: imageWorkflowDefinition(deps) },
    onTiming: (workflowId, timing) => void deps.jobs.appendSteps(workflowId, [timing]),
  });
  const directQueue = new MemoryTaskQueue<DirectTask>(Number.POSITIVE_INFINITY, (error) => logger.error('job failed', error));
  const dispatcher = new JobDispatcher(deps, engine, directQueue);

  const idle = async () => {
    // Each queue can feed the others (a batch starts workflows, a job starts a background push),
    // so wait until all three are idle at the same moment.
    while (!(directQueue.isIdle() && engineQueue.isIdle() && deps.background.size === 0)) {
      await Promise.all([directQueue.idle(), engineQueue.idle(), deps.background.idle()]);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  };

  return {
    options,
    deps,
    engine,
    dispatcher,
    journal,
    logger,
    ...(mocks ? { mocks } : {}),
    ...(catalog ? { catalog } : {}),
    idle,
    crash() {
      engine.crash();
      directQueue.abandon();
    },
    async close() {
      await idle();
      if (ownsMocks) mocks?.restore();
    },
  };
}
