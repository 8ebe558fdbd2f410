import type { Clock } from '../clock.ts';
import type { PipelineMetrics } from '../metrics.ts';
import type { ResolvedServerOptions } from '../options.ts';
import type { StepTiming } from '../stores/types.ts';
import { timedPost } from './post-with-retry.ts';

export interface PushMessage {
  userId: string;
  title: string;
  body: string;
  data: Record<string, string>;
}

/** Sends one push notification; never throws: a failed push is reported, the event stays. */
export interface Pusher {
  push(message: PushMessage, contentKey: string, record: (timing: StepTiming) => void): Promise<'sent' | 'failed'>;
}

/** Pushes over HTTP: POST of the message as JSON. */
export class HttpPusher implements Pusher {
  constructor(
    private readonly options: ResolvedServerOptions,
    private readonly metrics: PipelineMetrics,
    private readonly clock: Clock,
  ) {}

  async push(message: PushMessage, contentKey: string, record: (timing: StepTiming) => void): Promise<'sent' | 'failed'> {
    const result = await timedPost(
      'push',
      {
        url: this.options.pushUrl,
        body: JSON.stringify(message),
        headers: { 'content-type': 'application/json', 'x-content-key': contentKey },
        maxAttempts: this.options.pushMaxAttempts,
        backoffWallMs: this.options.retryBackoffMs * this.options.timeScale,
        timeoutMs: this.options.httpTimeoutMs,
      },
      { clock: this.clock, metrics: this.metrics, record },
    );
    return result.ok ? 'sent' : 'failed';
  }
}
