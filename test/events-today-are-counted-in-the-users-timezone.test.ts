import { describe, expect, it } from 'vitest';
import { localDayBounds } from '../reference-impl/pipeline/local-date.ts';
import { MemoryEventStore } from '../reference-impl/stores/memory-event-store.ts';
import type { NewEvent } from '../reference-impl/stores/types.ts';

const event = (userId: string): NewEvent => ({
  userId,
  name: 'Test event',
  description: '',
  startDate: '2027-01-01',
  startTime: '',
  endDate: '',
  endTime: '',
  timeZone: 'UTC',
  location: '',
  metadata: { accessibility: [], accessibilityNotes: '', ageRestriction: 'unknown', category: '', mentions: [], performers: [], priceMin: null, priceMax: null, priceType: 'unknown', source: '', type: '' },
  imageUrl: null,
  visibility: 'private',
});

describe('the day count', () => {
  it('counts events made on the user\'s local today, not UTC\'s', async () => {
    const store = new MemoryEventStore();
    const tz = 'America/Los_Angeles';
    // 2026-12-03 in Los Angeles runs from 08:00 UTC on the 3rd to 08:00 UTC on the 4th.
    await store.insert(event('u'), 'a', Date.UTC(2026, 11, 3, 7, 59)); // Dec 2, 23:59 local
    await store.insert(event('u'), 'b', Date.UTC(2026, 11, 3, 8, 0)); // Dec 3, 00:00 local
    await store.insert(event('u'), 'c', Date.UTC(2026, 11, 4, 6, 30)); // Dec 3, 22:30 local (Dec 4 in UTC)
    await store.insert(event('other'), 'd', Date.UTC(2026, 11, 3, 12, 0));
    const now = Date.UTC(2026, 11, 4, 7, 0); // Dec 3, 23:00 local
    expect(await store.countToday('u', tz, now)).toBe(2);
    expect(await store.countToday('u', 'UTC', now)).toBe(1);
  });

  it('finds day bounds across a daylight-saving change', () => {
    // 2027-03-14 is 23 hours long in New York.
    const [start, end] = localDayBounds(Date.UTC(2027, 2, 14, 16), 'America/New_York');
    expect(new Date(start).toISOString()).toBe('2027-03-14T05:00:00.000Z');
    expect((end - start) / 3_600_000).toBe(23);
  });

  it('does not count an insert replayed with the same idempotency key twice', async () => {
    const store = new MemoryEventStore();
    const first = await store.insert(event('u'), 'job-1', Date.UTC(2026, 11, 3, 12));
    const again = await store.insert(event('u'), 'job-1', Date.UTC(2026, 11, 3, 12, 1));
    expect(again).toEqual({ id: first.id, created: false });
    expect(await store.countToday('u', 'UTC', Date.UTC(2026, 11, 3, 13))).toBe(1);
  });
});
