import type { Clock } from '../clock.ts';
import type { LatencyInjector } from '../latency/latency-injector.ts';
import type { PipelineMetrics } from '../metrics.ts';
import type { ResolvedServerOptions } from '../options.ts';
import type { AiExtractor } from '../providers/ai-extractor.ts';
import type { Pusher } from '../providers/pusher.ts';
import type { Uploader } from '../providers/uploader.ts';
import type { Admission } from './admission.ts';
import type { BackgroundTasks } from './background-tasks.ts';
import type { EventStore, JobStore, NotificationBus, ResultCache, Singleflight } from '../stores/types.ts';

/** Everything a pipeline step may use, passed in: no step reaches for a global. */
export interface PipelineDeps {
  options: ResolvedServerOptions;
  clock: Clock;
  /** Draws and waits the modelled delays of the database and the schedulers. */
  latency: LatencyInjector;
  metrics: PipelineMetrics;
  ai: AiExtractor;
  uploader: Uploader;
  pusher: Pusher;
  events: EventStore;
  jobs: JobStore;
  cache: ResultCache;
  dedup: Singleflight;
  bus: NotificationBus;
  /** Work the `asyncNotify` toggle moves off the critical path. */
  background: BackgroundTasks;
  /** The bound on images in flight: taken on acceptance, given back when a job has notified. */
  admission: Admission;
}
