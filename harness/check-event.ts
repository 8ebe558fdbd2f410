import type { Flyer } from '../reference-impl/mocks/flyer-catalog.ts';

/** Fields the server adds to an event, which the fixture cannot know. */
const SERVER_FIELDS = new Set(['id', 'userId', 'createdAt', 'imageUrl', 'visibility', 'metadata', 'comment', 'lists']);

/**
 * The differences between a created event and the one its fixture expects, as field names
 * (`startDate`, `metadata.category`); none means it is correct. Pure.
 */
export function eventMismatches(expected: Flyer['expected'], actual: unknown): string[] {
  if (actual === null || typeof actual !== 'object') return ['(no event)'];
  const event = actual as Record<string, unknown>;
  const wrong: string[] = [];
  const compare = (want: Record<string, unknown>, got: Record<string, unknown>, prefix: string, skip: Set<string>) => {
    const keys = new Set([...Object.keys(want), ...Object.keys(got).filter((k) => !skip.has(k))]);
    for (const key of [...keys].sort()) {
      if (JSON.stringify(want[key]) !== JSON.stringify(got[key])) wrong.push(prefix + key);
    }
  };
  compare(expected.event as unknown as Record<string, unknown>, event, '', SERVER_FIELDS);
  const metadata = event.metadata;
  if (metadata === null || typeof metadata !== 'object') wrong.push('metadata');
  else compare(expected.metadata as unknown as Record<string, unknown>, metadata as Record<string, unknown>, 'metadata.', new Set());
  return wrong;
}
