import type { ExtractedEvent } from './event-schema.ts';
import type { FailureReason } from './failure.ts';
import { isIanaTimeZone } from './local-date.ts';

/** Shortest event name accepted: shorter ones are noise the model read off a non-flyer. */
export const MIN_EVENT_NAME_CHARS = 3;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/;
const UNKNOWN_DATES = new Set(['', 'tbd', 'tba', 'unknown', 'n/a', 'none', 'null']);

export type EventCheck =
  | { ok: true; event: ExtractedEvent }
  | { ok: false; reason: FailureReason; message: string };

function isCalendarDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * Rejects what is not an event (no start date, a name too short to be one) and normalises the
 * rest: a time zone the model got wrong becomes the user's. Pure.
 */
export function validateEvent(event: ExtractedEvent, userTimeZone: string): EventCheck {
  const name = event.name.trim();
  if (name.length < MIN_EVENT_NAME_CHARS) {
    return { ok: false, reason: 'name_too_short', message: `event name ${JSON.stringify(name)} is shorter than ${MIN_EVENT_NAME_CHARS} characters` };
  }
  const startDate = event.startDate.trim();
  if (UNKNOWN_DATES.has(startDate.toLowerCase())) {
    return { ok: false, reason: 'start_date_unknown', message: `start date is ${JSON.stringify(startDate)}` };
  }
  if (!isCalendarDate(startDate)) {
    return { ok: false, reason: 'invalid_date', message: `start date ${JSON.stringify(startDate)} is not YYYY-MM-DD` };
  }
  if (event.endDate !== '' && !isCalendarDate(event.endDate)) {
    return { ok: false, reason: 'invalid_date', message: `end date ${JSON.stringify(event.endDate)} is not YYYY-MM-DD` };
  }
  for (const [field, value] of [['startTime', event.startTime], ['endTime', event.endTime]] as const) {
    if (value !== '' && !TIME.test(value)) {
      return { ok: false, reason: 'invalid_date', message: `${field} ${JSON.stringify(value)} is not HH:MM:SS` };
    }
  }
  const timeZone = isIanaTimeZone(event.timeZone) ? event.timeZone : userTimeZone;
  return { ok: true, event: { ...event, name, startDate, timeZone } };
}
