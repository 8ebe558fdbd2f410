import { randomUUID } from 'node:crypto';
import { localDayBounds } from '../pipeline/local-date.ts';
import { redisCall, type RedisClients } from '../redis/redis-clients.ts';
import type { EventStore, NewEvent, StoredEvent } from './types.ts';

/**
 * Inserts the event once per idempotency key, atomically with the user's day index: a replayed
 * insert (after a crash) returns the first event's id. KEYS: idempotency, event, user index.
 */
const INSERT_ONCE = `
local existing = redis.call('GET', KEYS[1])
if existing then return existing end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[4])
redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[4])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
redis.call('PEXPIRE', KEYS[3], ARGV[4])
return ARGV[1]
`;

/** Events shared by every process; each user's events indexed by creation time for the day count. */
export class RedisEventStore implements EventStore {
  constructor(
    private readonly redis: RedisClients,
    private readonly retentionMs: number,
  ) {}

  async insert(event: NewEvent, idempotencyKey: string, nowMs: number): Promise<{ id: string; created: boolean }> {
    const stored: StoredEvent = { ...event, id: randomUUID(), createdAt: nowMs };
    const id = (await redisCall(() =>
      this.redis.command.eval(
        INSERT_ONCE,
        3,
        this.redis.key('event-key', idempotencyKey),
        this.redis.key('event', stored.id),
        this.userIndex(event.userId),
        stored.id,
        JSON.stringify(stored),
        String(nowMs),
        String(this.retentionMs),
      ),
    )) as string;
    return { id, created: id === stored.id };
  }

  async get(id: string): Promise<StoredEvent | undefined> {
    const value = await redisCall(() => this.redis.command.get(this.redis.key('event', id)));
    return value === null ? undefined : (JSON.parse(value) as StoredEvent);
  }

  async countToday(userId: string, timeZone: string, nowMs: number): Promise<number> {
    const [start, end] = localDayBounds(nowMs, timeZone);
    return redisCall(() => this.redis.command.zcount(this.userIndex(userId), String(start), `(${end}`));
  }

  private userIndex(userId: string): string {
    return this.redis.key('user-events', userId);
  }
}
