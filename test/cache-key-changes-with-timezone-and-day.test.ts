import { describe, expect, it } from 'vitest';
import { cacheKey, type CacheKeyInput } from '../reference-impl/pipeline/cache-key.ts';
import { localDate } from '../reference-impl/pipeline/local-date.ts';

const base: CacheKeyInput = {
  imageSha256: 'a'.repeat(64),
  timeZone: 'America/Los_Angeles',
  localDate: '2026-12-03',
  model: 'google/gemini-flash-1.5',
  promptVersion: 'event-extract-v1',
};

describe('the cache key', () => {
  it('is a fixed SHA-256 of its inputs', () => {
    expect(cacheKey(base)).toMatch(/^[0-9a-f]{64}$/);
    expect(cacheKey({ ...base })).toBe(cacheKey(base));
  });

  it.each([
    ['timezone', { timeZone: 'Europe/Berlin' }],
    ['local date', { localDate: '2026-12-04' }],
    ['model', { model: 'other-model' }],
    ['prompt version', { promptVersion: 'event-extract-v2' }],
    ['image', { imageSha256: 'b'.repeat(64) }],
  ])('changes when only the %s changes', (_name, change) => {
    expect(cacheKey({ ...base, ...change })).not.toBe(cacheKey(base));
  });

  it('uses the user\'s date, which differs from UTC\'s near midnight', () => {
    // 2026-12-04 03:30 UTC is still 2026-12-03 in Los Angeles.
    const instant = Date.UTC(2026, 11, 4, 3, 30);
    expect(localDate(instant, 'UTC')).toBe('2026-12-04');
    expect(localDate(instant, 'America/Los_Angeles')).toBe('2026-12-03');
    const key = (tz: string) => cacheKey({ ...base, timeZone: 'UTC', localDate: localDate(instant, tz) });
    expect(key('America/Los_Angeles')).not.toBe(key('UTC'));
  });
});
