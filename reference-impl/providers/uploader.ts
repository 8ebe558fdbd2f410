import type { Clock } from '../clock.ts';
import type { PipelineMetrics } from '../metrics.ts';
import type { ResolvedServerOptions } from '../options.ts';
import type { DecodedImage } from '../pipeline/image-check.ts';
import type { StepTiming } from '../stores/types.ts';
import { timedPost } from './post-with-retry.ts';

/** Stores the decoded image bytes somewhere and says where. */
export interface Uploader {
  /** The file's URL, or null with the reason when every attempt failed. Never throws. */
  upload(image: DecodedImage, contentKey: string, record: (timing: StepTiming) => void): Promise<{ url: string | null; error?: string }>;
}

/** Uploads over HTTP: POST of the bytes, answered `{ url }`. */
export class HttpUploader implements Uploader {
  constructor(
    private readonly options: ResolvedServerOptions,
    private readonly metrics: PipelineMetrics,
    private readonly clock: Clock,
  ) {}

  async upload(image: DecodedImage, contentKey: string, record: (timing: StepTiming) => void) {
    const result = await timedPost(
      'upload',
      {
        url: this.options.uploadUrl,
        body: image.bytes,
        headers: { 'content-type': image.mime, 'x-content-key': contentKey },
        maxAttempts: this.options.uploadMaxAttempts,
        backoffWallMs: this.options.retryBackoffMs * this.options.timeScale,
        timeoutMs: this.options.httpTimeoutMs,
      },
      { clock: this.clock, metrics: this.metrics, record },
    );
    const url = result.ok ? (result.json as { url?: unknown }).url : undefined;
    if (typeof url === 'string') return { url };
    this.metrics.uploadFailures.inc();
    return { url: null, error: result.ok ? 'the upload answer has no url' : result.error };
  }
}
