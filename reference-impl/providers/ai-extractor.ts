import { randomUUID } from 'node:crypto';
import OpenAI, { APIConnectionTimeoutError, APIError } from 'openai';
import type { Clock } from '../clock.ts';
import type { PipelineMetrics } from '../metrics.ts';
import type { ResolvedServerOptions } from '../options.ts';
import {
  EVENT_JSON_SCHEMA,
  METADATA_JSON_SCHEMA,
  eventMetadataSchema,
  extractedEventSchema,
  type Extraction,
} from '../pipeline/event-schema.ts';
import { PipelineFailure } from '../pipeline/failure.ts';
import type { DecodedImage } from '../pipeline/image-check.ts';
import type { StepTiming } from '../stores/types.ts';
import { CallLimiter } from './call-limiter.ts';
import { eventPrompt, metadataPrompt } from './prompt.ts';
import type { RecordingWriter } from './recording.ts';
import type { z } from 'zod';

export interface ExtractInput {
  image: DecodedImage;
  timeZone: string;
  /** The user's local date (YYYY-MM-DD), also in the cache key. */
  localDate: string;
  /** Passed to the provider as `x-content-key`; the mocks draw their delays from it. */
  contentKey: string;
}

/** Reads one image into an event and its metadata; records a timing per provider call. */
export interface AiExtractor {
  extract(input: ExtractInput, record: (timing: StepTiming) => void): Promise<Extraction>;
}

/** Header a mock answers with: the delay it injected, in profile ms. */
export const INJECTED_HEADER = 'x-injected-delay-ms';
/** Header a mock answers with: which attempt (0-based) it answered. */
export const ATTEMPT_HEADER = 'x-attempt';

/**
 * An OpenAI-compatible provider through the `openai` SDK: two calls per image, in parallel,
 * JSON-schema output. The SDK retries 429, 5xx and timeouts itself, honouring retry-after; a
 * client-side limiter bounds the calls in flight and started per minute; with a recorder, every
 * answer is also written to a recording.
 */
export class OpenAiExtractor implements AiExtractor {
  private readonly client: OpenAI;
  private readonly limiter: CallLimiter;
  /** Attempts the SDK made per call (by the call's `x-call-id`), seen as it fetches each one. */
  private readonly attempts = new Map<string, number>();

  constructor(
    private readonly options: ResolvedServerOptions,
    private readonly metrics: PipelineMetrics,
    private readonly clock: Clock,
    recorder?: RecordingWriter,
  ) {
    this.client = new OpenAI({
      apiKey: options.aiApiKey,
      baseURL: options.aiBaseUrl,
      timeout: options.aiTimeoutMs,
      maxRetries: options.aiMaxRetries,
      fetch: this.countingFetch(recorder ? recorder.fetch(options.aiModel) : (input, init) => globalThis.fetch(input, init)),
    });
    this.limiter = new CallLimiter(options.aiMaxConcurrency, options.aiRequestsPerMinute);
  }

  /** Counts each attempt of a call (the SDK retries inside one `create`), then fetches. */
  private countingFetch(next: typeof fetch): typeof fetch {
    return (input, init) => {
      const headers = new Headers(init?.headers);
      const id = headers.get('x-call-id');
      if (id) this.attempts.set(id, Number(headers.get('x-stainless-retry-count') ?? 0) + 1);
      return next(input, init);
    };
  }

  async extract(input: ExtractInput, record: (timing: StepTiming) => void): Promise<Extraction> {
    const imageUrl = `data:${input.image.mime};base64,${input.image.base64}`;
    const [event, metadata] = await Promise.all([
      this.call('event', extractedEventSchema, EVENT_JSON_SCHEMA, eventPrompt(input.localDate, input.timeZone), imageUrl, input.contentKey, record),
      this.call('metadata', eventMetadataSchema, METADATA_JSON_SCHEMA, metadataPrompt(input.localDate, input.timeZone), imageUrl, input.contentKey, record),
    ]);
    return { event, metadata };
  }

  private async call<T>(
    kind: 'event' | 'metadata',
    schema: z.ZodType<T>,
    jsonSchema: Record<string, unknown>,
    prompt: string,
    imageUrl: string,
    contentKey: string,
    record: (timing: StepTiming) => void,
  ): Promise<T> {
    const startAt = this.clock.now();
    this.metrics.aiCalls.inc({ kind });
    let content: string | null | undefined;
    let injectedMs: number | undefined;
    let attempts = 1;
    let tokens: StepTiming['tokens'];
    const callId = randomUUID();
    const attemptsMade = () => {
      const n = this.attempts.get(callId) ?? 1;
      this.attempts.delete(callId);
      if (n > 1) this.metrics.retries.inc({ dependency: `ai.${kind}` }, n - 1);
      return n;
    };
    try {
      const { data, response } = await this.limiter.run(() => this.client.chat.completions
        .create(
          {
            model: this.options.aiModel,
            temperature: this.options.aiTemperature,
            response_format: { type: 'json_schema', json_schema: { name: `flyer_${kind}`, strict: true, schema: jsonSchema } },
            messages: [
              { role: 'system', content: prompt },
              { role: 'user', content: [{ type: 'image_url', image_url: { url: imageUrl } }] },
            ],
          },
          { headers: { 'x-content-key': contentKey, 'x-call-id': callId } },
        )
        .withResponse());
      content = data.choices[0]?.message.content;
      if (data.usage) {
        tokens = { prompt: data.usage.prompt_tokens, completion: data.usage.completion_tokens };
        this.metrics.aiTokens.inc({ kind, type: 'prompt' }, tokens.prompt);
        this.metrics.aiTokens.inc({ kind, type: 'completion' }, tokens.completion);
      }
      const injected = response.headers.get(INJECTED_HEADER);
      injectedMs = injected === null ? undefined : Number(injected);
      attempts = attemptsMade();
    } catch (error) {
      const made = attemptsMade();
      record({ name: `ai.${kind}`, startAt, endAt: this.clock.now(), note: 'error', ...(made > 1 ? { attempts: made } : {}) });
      throw providerFailure(error);
    }
    record({ name: `ai.${kind}`, startAt, endAt: this.clock.now(), injectedMs, ...(attempts > 1 ? { attempts } : {}), ...(tokens ? { tokens } : {}) });
    return parseAnswer(kind, schema, content);
  }
}

function parseAnswer<T>(kind: string, schema: z.ZodType<T>, content: string | null | undefined): T {
  let json: unknown;
  try {
    json = JSON.parse(content ?? '');
  } catch {
    throw new PipelineFailure('ai_bad_output', `the ${kind} answer is not JSON`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PipelineFailure('ai_bad_output', `the ${kind} answer does not match its schema at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
  return parsed.data;
}

/** SDK errors (after its own retries) as recorded failures. */
function providerFailure(error: unknown): PipelineFailure {
  if (error instanceof APIConnectionTimeoutError) return new PipelineFailure('ai_timeout', 'the AI provider did not answer in time', true);
  if (error instanceof APIError) {
    if (error.status === 429) return new PipelineFailure('ai_rate_limited', 'the AI provider kept answering 429 (rate limited)', true);
    const status = error.status === undefined ? 'no status' : `status ${error.status}`;
    return new PipelineFailure('ai_unavailable', `the AI provider failed (${status})`, true);
  }
  return new PipelineFailure('ai_unavailable', `the AI call failed: ${error instanceof Error ? error.message : String(error)}`, true);
}
