import type { Extraction } from '../pipeline/event-schema.ts';
import { redisCall, type RedisClients } from '../redis/redis-clients.ts';
import type { ResultCache } from './types.ts';

/** AI results shared by every process, each with its TTL. */
export class RedisResultCache implements ResultCache {
  constructor(private readonly redis: RedisClients) {}

  async get(key: string): Promise<Extraction | undefined> {
    const value = await redisCall(() => this.redis.command.get(this.redis.key('cache', key)));
    return value === null ? undefined : (JSON.parse(value) as Extraction);
  }

  async set(key: string, value: Extraction, ttlMs: number): Promise<void> {
    await redisCall(() => this.redis.command.set(this.redis.key('cache', key), JSON.stringify(value), 'PX', ttlMs));
  }
}
