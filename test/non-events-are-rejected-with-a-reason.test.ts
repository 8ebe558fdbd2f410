import { describe, expect, it } from 'vitest';
import type { ExtractedEvent } from '../reference-impl/pipeline/event-schema.ts';
import { validateEvent } from '../reference-impl/pipeline/validate-event.ts';

const event: ExtractedEvent = {
  name: 'Harbor Jazz Night',
  description: '',
  startDate: '2027-03-12',
  startTime: '20:00:00',
  endDate: '',
  endTime: '',
  timeZone: 'America/New_York',
  location: 'Harbor Club',
};

describe('validateEvent', () => {
  it.each(['TBD', 'tba', 'unknown', '', '  '])('rejects a start date of %j', (startDate) => {
    expect(validateEvent({ ...event, startDate }, 'UTC')).toMatchObject({ ok: false, reason: 'start_date_unknown' });
  });

  it.each(['Yo', '', ' a '])('rejects the name %j as too short', (name) => {
    expect(validateEvent({ ...event, name }, 'UTC')).toMatchObject({ ok: false, reason: 'name_too_short' });
  });

  it.each([
    { startDate: '2027-02-30' },
    { startDate: '12/03/2027' },
    { endDate: 'next week' },
    { startTime: '8pm' },
  ])('rejects malformed dates and times %j', (change) => {
    expect(validateEvent({ ...event, ...change }, 'UTC')).toMatchObject({ ok: false, reason: 'invalid_date' });
  });

  it('accepts an event, replacing a time zone the model made up with the user\'s', () => {
    expect(validateEvent(event, 'UTC')).toEqual({ ok: true, event });
    expect(validateEvent({ ...event, timeZone: 'Eastern' }, 'Europe/Rome')).toEqual({ ok: true, event: { ...event, timeZone: 'Europe/Rome' } });
  });
});
