import type { Clock } from '../clock.ts';
import type { PubSubRouter } from '../redis/pubsub-router.ts';
import { redisCall, type RedisClients } from '../redis/redis-clients.ts';
import type { DeliveredNotification, Notification, NotificationBus } from './types.ts';

/**
 * Appends to the user's stream (capped) and publishes to every process in one atomic step; a
 * dedup key that was already published returns the first delivery's id and time instead.
 * KEYS: stream, dedup. ARGV: payload JSON, time, cap, dedup TTL, channel, user id.
 * Returns "id\ntime".
 */
const PUBLISH_ONCE = `
if KEYS[2] ~= '' then
  local earlier = redis.call('GET', KEYS[2])
  if earlier then return earlier end
end
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[3], '*', 'n', ARGV[1], 'at', ARGV[2])
local delivered = id .. '\\n' .. ARGV[2]
if KEYS[2] ~= '' then redis.call('SET', KEYS[2], delivered, 'PX', ARGV[4]) end
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('PUBLISH', ARGV[5], ARGV[6] .. '\\n' .. delivered .. '\\n' .. ARGV[1])
return delivered
`;

/** Compares stream ids ("ms-seq"). */
function after(a: string, b: string): boolean {
  const [am = 0, as = 0] = a.split('-').map(Number);
  const [bm = 0, bs = 0] = b.split('-').map(Number);
  return am > bm || (am === bm && as > bs);
}

/**
 * Notifications shared by every process: each user's last ones in a Redis stream (so a client
 * reconnecting to any process can replay with Last-Event-ID), live ones fanned out by pub/sub.
 */
export class RedisNotificationBus implements NotificationBus {
  private readonly listeners = new Map<string, Set<(n: DeliveredNotification) => void>>();
  private routing: Promise<unknown> | undefined;

  constructor(
    private readonly redis: RedisClients,
    private readonly router: PubSubRouter,
    private readonly replayLimit: number,
    private readonly retentionMs: number,
    private readonly clock: Clock,
  ) {}

  async publish(userId: string, notification: Notification, dedupKey?: string): Promise<DeliveredNotification> {
    const at = this.clock.now();
    const reply = (await redisCall(() =>
      this.redis.command.eval(
        PUBLISH_ONCE,
        2,
        this.streamKey(userId),
        dedupKey === undefined ? '' : this.redis.key('notified', dedupKey),
        JSON.stringify(notification),
        String(at),
        String(Math.max(1, this.replayLimit)),
        String(this.retentionMs),
        this.channel,
        userId,
      ),
    )) as string;
    const [id = '', time = String(at)] = reply.split('\n');
    return { ...notification, id, at: Number(time) };
  }

  async subscribe(userId: string, listener: (n: DeliveredNotification) => void, lastEventId?: string): Promise<() => void> {
    await this.route();
    // Live messages that arrive while the replay is read wait, then go out in order, once.
    let replaying = lastEventId !== undefined;
    let lastSent = lastEventId ?? '0-0';
    const held: DeliveredNotification[] = [];
    const deliver = (n: DeliveredNotification) => {
      if (replaying) held.push(n);
      else if (after(n.id, lastSent)) {
        lastSent = n.id;
        listener(n);
      }
    };
    const set = this.listeners.get(userId) ?? new Set();
    set.add(deliver);
    this.listeners.set(userId, set);
    if (lastEventId !== undefined) {
      const entries = await redisCall(() => this.redis.command.xrange(this.streamKey(userId), `(${lastEventId}`, '+'));
      replaying = false;
      for (const [id, fields] of entries) deliver({ ...(JSON.parse(fields[1] ?? '{}') as Notification), id, at: Number(fields[3]) });
      for (const n of held.splice(0)) deliver(n);
    }
    return () => {
      set.delete(deliver);
      if (set.size === 0) this.listeners.delete(userId);
    };
  }

  private get channel(): string {
    return this.redis.key('notifications');
  }

  private streamKey(userId: string): string {
    return this.redis.key('notifications', userId);
  }

  /** One subscription per process for every user's notifications. */
  private route(): Promise<unknown> {
    this.routing ??= this.router.subscribe(this.channel, (message) => {
      const [userId = '', id = '', at = '0'] = message.split('\n', 3);
      const set = this.listeners.get(userId);
      if (!set) return;
      const payload = message.slice(userId.length + id.length + at.length + 3);
      const n: DeliveredNotification = { ...(JSON.parse(payload) as Notification), id, at: Number(at) };
      for (const deliver of set) deliver(n);
    });
    return this.routing;
  }
}
