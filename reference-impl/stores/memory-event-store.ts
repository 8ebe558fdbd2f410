import { randomUUID } from 'node:crypto';
import { localDayBounds } from '../pipeline/local-date.ts';
import type { EventStore, NewEvent, StoredEvent } from './types.ts';

/** Events in memory, with each user's creation times kept sorted for the day count. */
export class MemoryEventStore implements EventStore {
  private readonly events = new Map<string, StoredEvent>();
  private readonly byIdempotencyKey = new Map<string, string>();
  private readonly createdAtByUser = new Map<string, number[]>();

  async insert(event: NewEvent, idempotencyKey: string, nowMs: number): Promise<{ id: string; created: boolean }> {
    const existing = this.byIdempotencyKey.get(idempotencyKey);
    if (existing) return { id: existing, created: false };
    const stored: StoredEvent = { ...event, id: randomUUID(), createdAt: nowMs };
    this.events.set(stored.id, stored);
    this.byIdempotencyKey.set(idempotencyKey, stored.id);
    const times = this.createdAtByUser.get(event.userId) ?? [];
    times.splice(upperBound(times, nowMs), 0, nowMs);
    this.createdAtByUser.set(event.userId, times);
    return { id: stored.id, created: true };
  }

  async get(id: string): Promise<StoredEvent | undefined> {
    return this.events.get(id);
  }

  async countToday(userId: string, timeZone: string, nowMs: number): Promise<number> {
    const times = this.createdAtByUser.get(userId);
    if (!times) return 0;
    const [start, end] = localDayBounds(nowMs, timeZone);
    return lowerBound(times, end) - lowerBound(times, start);
  }

  /** Every stored event; for tests and reports. */
  all(): StoredEvent[] {
    return [...this.events.values()];
  }
}

/** Index of the first element greater than (or, with `orEqual`, at least) `value` in a sorted array. */
function bound(sorted: readonly number[], value: number, orEqual: boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const x = sorted[mid] ?? 0;
    if (x < value || (!orEqual && x === value)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const upperBound = (sorted: readonly number[], value: number) => bound(sorted, value, false);
const lowerBound = (sorted: readonly number[], value: number) => bound(sorted, value, true);
