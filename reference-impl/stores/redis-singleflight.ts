import { randomUUID } from 'node:crypto';
import type { PubSubRouter } from '../redis/pubsub-router.ts';
import { redisCall, type RedisClients } from '../redis/redis-clients.ts';
import { MemorySingleflight } from './memory-singleflight.ts';
import type { Singleflight } from './types.ts';

/** Deletes the lock only if it still holds our token: a holder never frees another's lock. */
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
/** Extends the lock only if it still holds our token. */
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;

/** How long a finished result stays readable for waiters that subscribed late. */
const RESULT_TTL_MS = 60_000;

type Outcome<T> = { value: T } | { failed: true };

/**
 * Singleflight across processes. In-process duplicates first share one promise; across
 * processes a lock (SET NX PX with a random token) elects one runner. The runner renews its lock
 * while it works, stores the result briefly and publishes it; waiters subscribe, read the stored
 * result as a fallback, and otherwise sleep until the lock's expiry: no polling loop. A lock that
 * lapses (its holder died) is taken over by a waiter; a runner that failed lets waiters try.
 */
export class RedisSingleflight implements Singleflight {
  private readonly local = new MemorySingleflight();

  constructor(
    private readonly redis: RedisClients,
    private readonly router: PubSubRouter,
    private readonly lockTtlMs: number,
  ) {}

  async run<T>(key: string, work: () => Promise<T>): Promise<{ value: T; shared: boolean }> {
    const { value, shared } = await this.local.run(key, () => this.runShared(key, work));
    return { value: value.value, shared: shared || value.shared };
  }

  private async runShared<T>(key: string, work: () => Promise<T>): Promise<{ value: T; shared: boolean }> {
    const lockKey = this.redis.key('lock', key);
    for (;;) {
      const token = randomUUID();
      const acquired = await redisCall(() => this.redis.command.set(lockKey, token, 'PX', this.lockTtlMs, 'NX'));
      if (acquired === 'OK') return { value: await this.runHolding(key, lockKey, token, work), shared: false };
      const outcome = await this.waitForHolder<T>(key, lockKey);
      if (outcome && 'value' in outcome) return { value: outcome.value, shared: true };
      // The holder died or failed: compete for the lock again.
    }
  }

  private async runHolding<T>(key: string, lockKey: string, token: string, work: () => Promise<T>): Promise<T> {
    const renew = setInterval(() => {
      void this.redis.command.eval(RENEW, 1, lockKey, token, String(this.lockTtlMs)).catch(() => {});
    }, Math.max(10, Math.floor(this.lockTtlMs / 3)));
    try {
      const value = await work();
      const outcome = JSON.stringify({ value } satisfies Outcome<T>);
      await redisCall(() =>
        this.redis.command.multi().set(this.redis.key('result', key), outcome, 'PX', RESULT_TTL_MS).publish(this.channel(key), outcome).exec(),
      );
      return value;
    } catch (error) {
      await this.redis.command.publish(this.channel(key), JSON.stringify({ failed: true })).catch(() => {});
      throw error;
    } finally {
      clearInterval(renew);
      await this.redis.command.eval(RELEASE, 1, lockKey, token).catch(() => {});
    }
  }

  /** The holder's outcome, or undefined once its lock is gone without one. */
  private async waitForHolder<T>(key: string, lockKey: string): Promise<Outcome<T> | undefined> {
    let settle: (outcome: Outcome<T> | undefined) => void = () => {};
    const settled = new Promise<Outcome<T> | undefined>((resolve) => (settle = resolve));
    const unsubscribe = await redisCall(() => this.router.subscribe(this.channel(key), (message) => settle(JSON.parse(message) as Outcome<T>)));
    let timer: NodeJS.Timeout | undefined;
    try {
      // Subscribed first, then read: a result published before the subscription is still seen.
      const stored = await redisCall(() => this.redis.command.get(this.redis.key('result', key)));
      if (stored !== null) return JSON.parse(stored) as Outcome<T>;
      const watchLock = async () => {
        const ttl = await this.redis.command.pttl(lockKey).catch(() => -2);
        if (ttl >= 0) {
          timer = setTimeout(() => void watchLock(), ttl + 5);
          return;
        }
        // The holder stores its result before it lets go, so a lock gone without one means it died.
        const stored = await this.redis.command.get(this.redis.key('result', key)).catch(() => null);
        settle(stored === null ? undefined : (JSON.parse(stored) as Outcome<T>));
      };
      await watchLock();
      return await settled;
    } finally {
      clearTimeout(timer);
      unsubscribe();
    }
  }

  private channel(key: string): string {
    return this.redis.key('done', key);
  }
}
