import { describe, expect, it } from 'vitest';
import { scoreEvent } from '../harness/score-event.ts';
import { loadFlyerCatalog } from '../reference-impl/mocks/flyer-catalog.ts';

const expected = loadFlyerCatalog().events()[0]!.expected;
const exact = { ...expected.event, metadata: expected.metadata };

describe('scoring an extracted event against its fixture', () => {
  it('gives every field to an identical event', () => {
    const score = scoreEvent(expected, exact);
    expect(score.exact).toBe(true);
    expect(score.matched).toBe(score.total);
    expect(score.total).toBe(16);
  });

  it('forgives case, punctuation and a short time, not a wrong date or place', () => {
    const score = scoreEvent(expected, {
      ...exact,
      name: `  ${expected.event.name.toUpperCase()}!! `,
      startTime: expected.event.startTime.slice(0, 5),
      startDate: '1999-01-01',
      location: 'Somewhere Else Entirely',
    });
    expect(score.fields.name).toBe(true);
    expect(score.fields.startTime).toBe(true);
    expect(score.fields.startDate).toBe(false);
    expect(score.fields.location).toBe(false);
    expect(score.matched).toBe(14);
    expect(score.exact).toBe(false);
  });

  it('counts a description by word overlap and an absent event as nothing', () => {
    const reworded = scoreEvent(expected, { ...exact, description: `${expected.event.description} Tickets at the door.` });
    expect(reworded.fields.description).toBe(true);
    const unrelated = scoreEvent(expected, { ...exact, description: 'zzz qqq www' });
    expect(unrelated.fields.description).toBe(false);
    expect(scoreEvent(expected, null).matched).toBe(0);
  });
});
