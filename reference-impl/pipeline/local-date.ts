const zoneCache = new Map<string, boolean>();

/** True for names Intl knows as time zones (IANA names and UTC); cached, since it is asked per request. */
export function isIanaTimeZone(name: string): boolean {
  if (typeof name !== 'string' || name.length === 0 || name.length > 64) return false;
  const cached = zoneCache.get(name);
  if (cached !== undefined) return cached;
  let valid: boolean;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    // Offsets such as "+01:00" are accepted by Intl but are not IANA zones.
    valid = /^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/.test(name);
  } catch {
    valid = false;
  }
  if (zoneCache.size < 1024) zoneCache.set(name, valid);
  return valid;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The calendar date (YYYY-MM-DD) at `epochMs` in `timeZone`: "today" for that user. Pure. */
export function localDate(epochMs: number, timeZone: string): string {
  const parts = formatter(timeZone).formatToParts(new Date(epochMs));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

const partFormatters = new Map<string, Intl.DateTimeFormat>();

/** Offset of `timeZone` from UTC at `epochMs`, in milliseconds (positive east of Greenwich). */
export function timeZoneOffsetMs(epochMs: number, timeZone: string): number {
  let f = partFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    partFormatters.set(timeZone, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(new Date(epochMs))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

/** Start (inclusive) and end (exclusive) instants of the local day holding `epochMs` in `timeZone`. Pure. */
export function localDayBounds(epochMs: number, timeZone: string): [startMs: number, endMs: number] {
  const [y, m, d] = localDate(epochMs, timeZone).split('-').map(Number) as [number, number, number];
  const midnight = (year: number, month: number, day: number) => {
    const guess = Date.UTC(year, month - 1, day);
    // Twice: the offset at the guess can differ from the offset at the true midnight across DST.
    let instant = guess - timeZoneOffsetMs(guess, timeZone);
    instant = guess - timeZoneOffsetMs(instant, timeZone);
    return instant;
  };
  return [midnight(y, m, d), midnight(y, m, d + 1)];
}
