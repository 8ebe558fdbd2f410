/**
 * Where an image's time went: each instant between acceptance and notification is given to one
 * category, the most external one active then (an AI call outranks the upload running beside
 * it, which outranks a database write), so the parts add up to the whole. What no step covers is
 * the server's own orchestration. Pure.
 */
export const CATEGORIES = ['AI', 'upload', 'push', 'database', 'engine hops', 'cache & dedup', 'batch wait', 'server own'] as const;
export type Category = (typeof CATEGORIES)[number];

export function categoryOf(step: string): Exclude<Category, 'server own'> | undefined {
  if (step.startsWith('ai.')) return 'AI';
  if (step === 'upload') return 'upload';
  if (step === 'push') return 'push';
  if (step === 'insert' || step === 'count' || step === 'journal' || step.startsWith('db.')) return 'database';
  if (step.endsWith('.hop') || step === 'queue') return 'engine hops';
  if (step.startsWith('cache.') || step.startsWith('dedup.')) return 'cache & dedup';
  if (step === 'batch.wait') return 'batch wait';
  return undefined;
}

/** Milliseconds per category over [0, endMs]; steps are relative to acceptance. */
export function breakDown(steps: readonly { name: string; startMs: number; endMs: number }[], endMs: number): Record<Category, number> {
  const out = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;
  const rank = (c: Category) => CATEGORIES.indexOf(c);
  const spans = steps
    .map((s) => ({ category: categoryOf(s.name), start: Math.max(0, s.startMs), end: Math.min(endMs, s.endMs) }))
    .filter((s): s is { category: Exclude<Category, 'server own'>; start: number; end: number } => s.category !== undefined && s.end > s.start);
  const cuts = [...new Set([0, endMs, ...spans.flatMap((s) => [s.start, s.end])])].filter((t) => t >= 0 && t <= endMs).sort((a, b) => a - b);
  for (let i = 0; i + 1 < cuts.length; i++) {
    const [from, to] = [cuts[i]!, cuts[i + 1]!];
    let best: Category = 'server own';
    for (const s of spans) if (s.start <= from && s.end >= to && rank(s.category) < rank(best)) best = s.category;
    out[best] += to - from;
  }
  return out;
}
