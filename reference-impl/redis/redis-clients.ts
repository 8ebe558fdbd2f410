import { Redis, ReplyError } from 'ioredis';
import type { ResolvedServerOptions } from '../options.ts';

/** Redis did not answer (down, hung or unreachable): the request gets a 503, the job a retry. */
export class StoreUnavailableError extends Error {
  readonly reason = 'store_unavailable';
  constructor(cause: unknown) {
    super(`the shared store is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'StoreUnavailableError';
  }
}

/**
 * Runs one Redis operation; connection failures and timeouts become `StoreUnavailableError`.
 * `timeoutMs` bounds operations on connections that have no command timeout of their own (BullMQ's).
 */
export async function redisCall<T>(operation: () => Promise<T>, timeoutMs?: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    if (timeoutMs === undefined) return await operation();
    return await Promise.race([
      operation(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } catch (error) {
    // A reply error is Redis refusing a command: a bug, not an outage.
    if (error instanceof ReplyError) throw error;
    throw new StoreUnavailableError(error);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The process's Redis connections: one for commands (short timeouts, so an outage fails fast),
 * one for pub/sub, and BullMQ's (which must never time out on its blocking reads).
 */
export class RedisClients {
  readonly command: Redis;
  readonly subscriber: Redis;
  private readonly opened: Redis[] = [];

  constructor(private readonly options: ResolvedServerOptions) {
    this.command = this.open({ maxRetriesPerRequest: 1, commandTimeout: options.redisCommandTimeoutMs, enableAutoPipelining: true });
    this.subscriber = this.open({ maxRetriesPerRequest: 1 });
  }

  /** A new connection for a BullMQ queue or worker (`maxRetriesPerRequest: null`, as BullMQ requires). */
  forQueue(): Redis {
    return this.open({ maxRetriesPerRequest: null });
  }

  /** `prefix:part:part...`: every key and channel of this run. */
  key(...parts: string[]): string {
    return [this.options.redisPrefix, ...parts].join(':');
  }

  get prefix(): string {
    return this.options.redisPrefix;
  }

  get commandTimeoutMs(): number {
    return this.options.redisCommandTimeoutMs;
  }

  async ready(): Promise<void> {
    await redisCall(() => this.command.ping());
  }

  async close(): Promise<void> {
    await Promise.all(this.opened.map((c) => c.quit().catch(() => c.disconnect())));
  }

  private open(extra: { maxRetriesPerRequest: number | null; commandTimeout?: number; enableAutoPipelining?: boolean }): Redis {
    const client = new Redis(this.options.redisUrl, {
      ...extra,
      // Reconnect quickly and forever: a Redis that comes back is used again.
      retryStrategy: (times) => Math.min(times * 100, 1000),
      // An outage is reported by the failing commands; the error events would only repeat it.
      lazyConnect: false,
    });
    client.on('error', () => {});
    this.opened.push(client);
    return client;
  }
}
