import { createHash } from 'node:crypto';
import nock from 'nock';
import type { LatencyInjector } from '../latency/latency-injector.ts';
import type { Dependency, Provider } from '../latency/latency-profile.ts';
import { MOCK_PUSH_URL, MOCK_UPLOAD_URL } from '../defaults.ts';
import type { ResolvedServerOptions } from '../options.ts';
import type { ReplayBook } from '../providers/recording.ts';
import { ATTEMPT_HEADER, INJECTED_HEADER } from '../providers/ai-extractor.ts';
import type { FlyerCatalog } from './flyer-catalog.ts';
import { mockAiCompletion, readMockAiQuestion } from './mock-ai-answer.ts';
import { ProviderLimiter } from './provider-limiter.ts';

/** What the mocks have been asked, for tests and reports. */
export class MockCounters {
  aiEventCalls = 0;
  aiMetadataCalls = 0;
  uploads = 0;
  pushes = 0;
  rateLimited = 0;
  faults = 0;
  /** Replayed AI calls whose image and kind the recording does not hold. */
  replayMisses = 0;
  /** AI calls per image hash: how many times each image was read. */
  readonly aiCallsByImage = new Map<string, number>();

  get aiCalls(): number {
    return this.aiEventCalls + this.aiMetadataCalls;
  }
}

type Reply = [number, string | Record<string, unknown>, Record<string, string>];

/** The outbound services answered in-process, with the latency profile's delays, limits and faults. */
export interface MockServices {
  counters: MockCounters;
  /** Removes the interceptors. */
  restore(): void;
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

const origin = (url: string) => new URL(url).origin;

/**
 * Installs nock interceptors for the outbound services that are not real: the AI provider with
 * `AI_MODE=mock` (answers from the catalog after the profile's delays) or `replay` (answers and
 * latencies from a recording), and the upload and push endpoints while they point at the mock
 * hosts, in every mode. Loopback stays reachable, and so does a real AI provider with
 * `AI_MODE=openai`; any other host fails loudly instead of reaching the network.
 */
export function installMockServices(options: ResolvedServerOptions, injector: LatencyInjector, catalog: FlyerCatalog | undefined, replay?: ReplayBook): MockServices {
  const counters = new MockCounters();
  const limits = injector.profile.limits;
  const limiters: Record<Provider, ProviderLimiter> = {
    ai: new ProviderLimiter(limits.ai, options.timeScale),
    upload: new ProviderLimiter(limits.upload, options.timeScale),
    push: new ProviderLimiter(limits.push, options.timeScale),
  };

  /** One answer: rate limit, a slot, the drawn delay, maybe a drawn fault, then the result. */
  async function answer(provider: Provider, dependency: Dependency, contentKey: string, attempt: number, result: () => Reply): Promise<Reply> {
    const retryAfterMs = (limits[provider]?.retryAfterMs ?? 1000) * options.timeScale;
    const retryHeaders = { 'retry-after-ms': String(retryAfterMs), 'retry-after': String(Math.ceil(retryAfterMs / 1000)) };
    if (!limiters[provider].admit()) {
      counters.rateLimited++;
      return [429, { error: { message: 'rate limited (mock)', type: 'rate_limit' } }, retryHeaders];
    }
    const release = await limiters[provider].acquire();
    try {
      const injectedMs = await injector.wait(dependency, contentKey, attempt);
      const headers = { [INJECTED_HEADER]: injectedMs.toFixed(3), [ATTEMPT_HEADER]: String(attempt) };
      const status = injector.fault(dependency, contentKey, attempt);
      if (status !== undefined) {
        counters.faults++;
        return [status, { error: { message: `injected fault (mock ${dependency})`, type: 'server_error' } }, { ...headers, ...retryHeaders }];
      }
      const [code, body, extra] = result();
      return [code, body, { ...headers, ...extra }];
    } finally {
      release();
    }
  }

  /** A recorded answer after its recorded latency (scaled), or a 404 naming what is missing. */
  async function replayed(question: ReturnType<typeof readMockAiQuestion>, book: ReplayBook): Promise<Reply> {
    const call = book.next(question.imageSha256 ?? 'none', question.kind);
    if (!call) {
      counters.replayMisses++;
      return [404, { error: { message: `the recording holds no ${question.kind} answer for image ${question.imageSha256}`, type: 'not_recorded' } }, {}];
    }
    await new Promise((resolve) => setTimeout(resolve, call.latencyMs * options.timeScale));
    // The recorded latency is what this call costs, reported as injected like any modelled delay.
    const headers = { ...call.headers, [INJECTED_HEADER]: call.latencyMs.toFixed(3), [ATTEMPT_HEADER]: String(call.attempt) };
    // No answer came when it was recorded (a timeout): none comes now; the client gives up as it did.
    if (call.status === 0) return new Promise<Reply>(() => {});
    return [call.status, call.body, headers];
  }

  const scopes: nock.Scope[] = [];
  if (options.aiMode !== 'openai') {
    const aiUrl = new URL(options.aiBaseUrl);
    scopes.push(
      nock(aiUrl.origin)
        .persist()
        .post(`${aiUrl.pathname.replace(/\/$/, '')}/chat/completions`)
        .reply(async function (_uri, body) {
          const question = readMockAiQuestion(typeof body === 'string' ? JSON.parse(body) : body);
          const headers = this.req.headers as Record<string, string | undefined>;
          const contentKey = header(headers, 'x-content-key') ?? question.imageSha256 ?? 'none';
          const attempt = Number(header(headers, 'x-stainless-retry-count') ?? 0);
          if (question.kind === 'event') counters.aiEventCalls++;
          else counters.aiMetadataCalls++;
          const sha = question.imageSha256 ?? 'none';
          counters.aiCallsByImage.set(sha, (counters.aiCallsByImage.get(sha) ?? 0) + 1);
          if (replay) return replayed(question, replay);
          if (!catalog) throw new Error('the mock AI needs the flyer catalog');
          return answer('ai', question.kind === 'event' ? 'ai.event' : 'ai.metadata', contentKey, attempt, () => [
            200,
            mockAiCompletion(question, catalog, options.aiModel),
            { 'content-type': 'application/json' },
          ]);
        }),
    );
  }

  /**
   * A mocked POST endpoint (upload or push) at `url` when it is the mock's own address: keyed by
   * the caller's content key (or a hash of the body), answered after the profile's draw.
   */
  function mockPost(url: string, mockUrl: string, provider: 'upload' | 'push', bodyText: (body: unknown) => string, result: (contentKey: string) => Reply[1]): void {
    const target = new URL(url);
    if (target.origin !== origin(mockUrl)) return;
    scopes.push(
      nock(target.origin)
        .persist()
        .post(target.pathname)
        .reply(async function (_uri, body) {
          const headers = this.req.headers as Record<string, string | undefined>;
          const contentKey = header(headers, 'x-content-key') ?? createHash('sha256').update(bodyText(body)).digest('hex');
          counters[provider === 'upload' ? 'uploads' : 'pushes']++;
          return answer(provider, provider, contentKey, Number(header(headers, 'x-attempt') ?? 0), () => [200, result(contentKey), { 'content-type': 'application/json' }]);
        }),
    );
  }
  mockPost(options.uploadUrl, MOCK_UPLOAD_URL, 'upload', String, (contentKey) => ({ url: `https://files.mock.internal/${contentKey.slice(0, 64).replace(/[^a-zA-Z0-9]/g, '')}` }));
  mockPost(options.pushUrl, MOCK_PUSH_URL, 'push', (body) => JSON.stringify(body), () => ({ status: 'ok' }));

  // Outbound calls anywhere else must fail loudly rather than reach the network; loopback stays
  // open, and so do the real endpoints the configuration names.
  const real = [options.aiMode === 'openai' ? options.aiBaseUrl : undefined, options.uploadUrl, options.pushUrl]
    .filter((url): url is string => url !== undefined && ![origin(MOCK_UPLOAD_URL), origin(MOCK_PUSH_URL)].includes(origin(url)))
    .map((url) => new URL(url).host);
  const loopback = /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/;
  nock.disableNetConnect();
  // One matcher: each call of enableNetConnect replaces the one before.
  nock.enableNetConnect((host: string) => loopback.test(host) || real.includes(host));

  return {
    counters,
    restore() {
      for (const scope of scopes) scope.persist(false);
      nock.cleanAll();
      nock.enableNetConnect();
    },
  };
}
