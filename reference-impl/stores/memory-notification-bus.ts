import type { Clock } from '../clock.ts';
import type { DeliveredNotification, Notification, NotificationBus } from './types.ts';

/** Users whose replay buffers are kept; the least recently active beyond this are forgotten. */
const MAX_USERS = 10_000;
/** Publications remembered for dedup; a crash-and-retry comes within seconds, not after this many. */
const MAX_DEDUP_KEYS = 100_000;

/** Per-user listeners and a bounded replay buffer, so a reconnecting stream misses nothing. */
export class MemoryNotificationBus implements NotificationBus {
  private readonly listeners = new Map<string, Set<(n: DeliveredNotification) => void>>();
  private readonly replay = new Map<string, DeliveredNotification[]>();
  private sequence = 0;
  private readonly delivered = new Map<string, DeliveredNotification>();

  constructor(
    private readonly replayLimit: number,
    private readonly clock: Clock,
  ) {}

  async publish(userId: string, notification: Notification, dedupKey?: string): Promise<DeliveredNotification> {
    const earlier = dedupKey === undefined ? undefined : this.delivered.get(dedupKey);
    if (earlier) return earlier;
    const delivered: DeliveredNotification = { ...notification, id: String(++this.sequence), at: this.clock.now() };
    if (dedupKey !== undefined) {
      this.delivered.set(dedupKey, delivered);
      if (this.delivered.size > MAX_DEDUP_KEYS) this.delivered.delete(this.delivered.keys().next().value as string);
    }
    if (this.replayLimit > 0) {
      const buffer = this.replay.get(userId) ?? [];
      buffer.push(delivered);
      if (buffer.length > this.replayLimit) buffer.shift();
      this.replay.delete(userId);
      this.replay.set(userId, buffer);
      if (this.replay.size > MAX_USERS) this.replay.delete(this.replay.keys().next().value as string);
    }
    for (const listener of this.listeners.get(userId) ?? []) listener(delivered);
    return delivered;
  }

  async subscribe(userId: string, listener: (n: DeliveredNotification) => void, lastEventId?: string): Promise<() => void> {
    if (lastEventId !== undefined) {
      const after = Number(lastEventId);
      for (const n of this.replay.get(userId) ?? []) if (Number(n.id) > after) listener(n);
    }
    const set = this.listeners.get(userId) ?? new Set();
    set.add(listener);
    this.listeners.set(userId, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(userId);
    };
  }
}
