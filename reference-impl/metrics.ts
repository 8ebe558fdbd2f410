import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Job latency buckets in seconds: from the orchestration's own cost to a slow batch. */
const DURATION_BUCKETS_S = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 4, 5, 7.5, 10, 15, 30, 60, 120];

/** The server's Prometheus metrics, on a registry of its own so several apps can live in one process. */
export class PipelineMetrics {
  readonly registry = new Registry();
  readonly aiCalls = new Counter({ name: 'pipeline_ai_calls_total', help: 'AI provider calls made (each image makes two: event and metadata)', labelNames: ['kind'], registers: [this.registry] });
  readonly cacheHits = new Counter({ name: 'pipeline_cache_hits_total', help: 'Extractions answered from the AI-result cache', registers: [this.registry] });
  readonly cacheMisses = new Counter({ name: 'pipeline_cache_misses_total', help: 'Extractions not found in the AI-result cache', registers: [this.registry] });
  readonly dedupCollapsed = new Counter({ name: 'pipeline_dedup_collapsed_total', help: 'Extractions that joined an identical one in flight instead of calling the AI', registers: [this.registry] });
  readonly jobs = new Counter({ name: 'pipeline_jobs_total', help: 'Finished image jobs', labelNames: ['path', 'status'], registers: [this.registry] });
  readonly failures = new Counter({ name: 'pipeline_failures_total', help: 'Failed image jobs by reason', labelNames: ['reason'], registers: [this.registry] });
  readonly aiTokens = new Counter({ name: 'pipeline_ai_tokens_total', help: 'Tokens the AI provider reported using', labelNames: ['kind', 'type'], registers: [this.registry] });
  readonly retries = new Counter({ name: 'pipeline_retries_total', help: 'Retried outbound attempts', labelNames: ['dependency'], registers: [this.registry] });
  readonly shed = new Counter({ name: 'pipeline_shed_images_total', help: 'Images refused with 503 overloaded: the bound on images in flight was reached', registers: [this.registry] });
  /** Read at each scrape: the images this process holds a slot for. */
  pendingImages: () => number = () => 0;
  readonly pending: Gauge = new Gauge({
    name: 'pipeline_pending_images',
    help: 'Images accepted by this process and not yet notified',
    registers: [this.registry],
    collect: (): void => this.pending.set(this.pendingImages()),
  });
  readonly uploadFailures = new Counter({ name: 'pipeline_upload_failures_total', help: 'Uploads that failed after every attempt (the event is kept without an image)', registers: [this.registry] });
  readonly jobDuration = new Histogram({
    name: 'pipeline_job_duration_seconds',
    help: 'Accepted to notified, per image job',
    labelNames: ['path'],
    buckets: DURATION_BUCKETS_S,
    registers: [this.registry],
  });

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry });
  }
}
