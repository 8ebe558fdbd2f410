import type { Redis } from 'ioredis';

/**
 * Shares one subscriber connection among many listeners: SUBSCRIBE on a channel's first
 * listener, UNSUBSCRIBE after its last. ioredis resubscribes by itself after a reconnect.
 */
export class PubSubRouter {
  private readonly listeners = new Map<string, Set<(message: string) => void>>();
  private readonly confirmed = new Map<string, Promise<unknown>>();

  constructor(private readonly subscriber: Redis) {
    subscriber.on('message', (channel: string, message: string) => {
      for (const listener of this.listeners.get(channel) ?? []) listener(message);
    });
  }

  /** Resolves once Redis confirms the subscription, so nothing published after it is missed. */
  async subscribe(channel: string, listener: (message: string) => void): Promise<() => void> {
    let set = this.listeners.get(channel);
    const first = !set;
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
    }
    set.add(listener);
    if (first) this.confirmed.set(channel, this.subscriber.subscribe(channel));
    await this.confirmed.get(channel);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(channel) === set) {
        this.listeners.delete(channel);
        this.confirmed.delete(channel);
        void this.subscriber.unsubscribe(channel).catch(() => {});
      }
    };
  }
}
