import type { Flyer } from '../reference-impl/mocks/flyer-catalog.ts';

/**
 * How close an extracted event is to its fixture's, field by field: what a real model's answer
 * is judged by (the mock's must match exactly, see check-event.ts). Dates, times, the time zone
 * and categorical fields must be equal once normalised; names and places may differ in case,
 * spacing and punctuation; a description or a list counts when most of its words agree. Pure.
 */
export interface EventScore {
  /** Per field (`startDate`, `metadata.category`): did it match. */
  fields: Record<string, boolean>;
  matched: number;
  total: number;
  /** Every field matched. */
  exact: boolean;
}

type Rule = 'exact' | 'time' | 'text' | 'words' | 'set' | 'number';

const EVENT_RULES: Record<string, Rule> = {
  name: 'text',
  description: 'words',
  startDate: 'exact',
  startTime: 'time',
  endDate: 'exact',
  endTime: 'time',
  timeZone: 'exact',
  location: 'text',
};
const METADATA_RULES: Record<string, Rule> = {
  category: 'text',
  type: 'text',
  ageRestriction: 'exact',
  priceType: 'exact',
  priceMin: 'number',
  priceMax: 'number',
  performers: 'set',
  accessibility: 'set',
};

const normal = (v: unknown) =>
  String(v ?? '')
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
const words = (v: unknown) => new Set(normal(v).split(' ').filter(Boolean));
function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let both = 0;
  for (const x of a) if (b.has(x)) both++;
  return both / (a.size + b.size - both);
}
/** `20:00` and `20:00:00` are one time; an empty time is empty. */
const time = (v: unknown) => {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(String(v ?? '').trim());
  return m ? `${m[1]!.padStart(2, '0')}:${m[2]}:${m[3] ?? '00'}` : String(v ?? '').trim();
};

function matches(rule: Rule, want: unknown, got: unknown): boolean {
  switch (rule) {
    case 'exact':
      return String(want ?? '').trim() === String(got ?? '').trim();
    case 'time':
      return time(want) === time(got);
    case 'number':
      return (want ?? null) === (got ?? null) || Number(want) === Number(got);
    case 'text':
      return normal(want) === normal(got) || jaccard(words(want), words(got)) >= 0.8;
    case 'words':
      return jaccard(words(want), words(got)) >= 0.5;
    case 'set': {
      const set = (v: unknown) => new Set((Array.isArray(v) ? v : []).map(normal));
      return jaccard(set(want), set(got)) >= 0.5;
    }
  }
}

export function scoreEvent(expected: Flyer['expected'], actual: unknown): EventScore {
  const fields: Record<string, boolean> = {};
  const event = (actual ?? {}) as Record<string, unknown>;
  const metadata = (event.metadata ?? {}) as Record<string, unknown>;
  const want = expected.event as unknown as Record<string, unknown>;
  const wantMeta = expected.metadata as unknown as Record<string, unknown>;
  for (const [field, rule] of Object.entries(EVENT_RULES)) fields[field] = actual !== null && typeof actual === 'object' && matches(rule, want[field], event[field]);
  for (const [field, rule] of Object.entries(METADATA_RULES)) fields[`metadata.${field}`] = actual !== null && typeof actual === 'object' && matches(rule, wantMeta[field], metadata[field]);
  const matched = Object.values(fields).filter(Boolean).length;
  const total = Object.keys(fields).length;
  return { fields, matched, total, exact: matched === total };
}
