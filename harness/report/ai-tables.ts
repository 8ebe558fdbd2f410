import type { ResultsFile } from '../results.ts';
import type { ReportTable } from './report-tables.ts';

const usd = (x: number | null | undefined) => (x === null || x === undefined ? 'unpriced' : x >= 0.01 ? `$${x.toFixed(4)}` : `$${(x * 1000).toFixed(4)}/1k`);
const tokens = (x: number) => x.toFixed(0);
const pct = (x: number) => `${(x * 100).toFixed(0)}%`;

/** Where the figures came from: says it on every AI table. */
export function aiModeText(results: ResultsFile): string {
  const ai = results.ai;
  if (!ai) return 'AI: mock';
  const model = ai.model ? `, model ${ai.model}` : '';
  if (ai.mode === 'replay') return `AI: replay of the recording ${ai.recording}${model} (its responses and latencies)`;
  if (ai.mode === 'openai') return `AI: a real OpenAI-compatible provider${model}${ai.recordedTo ? `, recorded as ${ai.recordedTo}` : ''}`;
  return `AI: mock (the fixtures' answers after the profile's delays, with token counts estimated from sizes)${model}`;
}

/** Tokens and cost per image, per batch and per variant, and what the cache saved. Pure. */
export function costTable(results: ResultsFile): ReportTable | null {
  const cost = results.cost;
  if (!cost || cost.cells.length === 0) return null;
  const per = cost.perAiImage;
  return {
    id: 'cost',
    title: 'Tokens and cost',
    caption: `${aiModeText(results)}; prices from fixtures/pricing.json${cost.priced ? '' : ` (no price for ${cost.model ?? 'an unknown model'}: costs unpriced)`}; an image that called the model used ${per ? `${tokens(per.promptTokens)} prompt + ${tokens(per.completionTokens)} completion tokens, ${usd(per.usd)}` : 'no tokens'} on average; cached and shared images cost nothing; the saving prices each hit at that mean`,
    header: ['variant', 'images', 'calling the model', 'prompt tokens / image', 'completion tokens / image', 'cost / image', 'cost / batch', 'cache or dedup hits', 'saved by the cache'],
    rows: cost.cells.map((c) => [
      `${c.scenario}/${c.workload}/${c.variant}`,
      String(c.images),
      String(c.imagesCallingAi),
      tokens(c.promptTokensPerImage),
      tokens(c.completionTokensPerImage),
      usd(c.usdPerImage),
      c.usdPerBatch === null ? '–' : usd(c.usdPerBatch),
      String(c.cacheHits),
      c.cacheHits ? usd(c.usdSavedByCache) : '–',
    ]),
  };
}

/** Field-by-field match of the created events against the fixtures, beside the latency. Pure. */
export function qualityTable(results: ResultsFile): ReportTable | null {
  const quality = results.quality;
  if (!quality || quality.length === 0) return null;
  const p50 = (scenario: string, workload: string, variant: string) => results.cells.find((c) => c.scenario === scenario && c.workload === workload && c.variant === variant && c.metric === 'notified')?.profile.p50;
  return {
    id: 'quality',
    title: 'Extraction quality',
    caption: `${aiModeText(results)}; each created event scored field by field against its fixture (dates, times and categories exactly, names and places up to case and punctuation, descriptions and lists by word overlap); a faster variant that extracts worse shows here`,
    header: ['variant', 'images', 'fields matched', 'events exact', 'most missed', 'notified p50 (profile s)'],
    rows: quality.map((q) => {
      const latency = p50(q.scenario, q.workload, q.variant);
      return [
        `${q.scenario}/${q.workload}/${q.variant}`,
        String(q.images),
        pct(q.fieldMatchRate),
        pct(q.exactRate),
        q.mostMissed.map((m) => `${m.field} ×${m.images}`).join(', ') || 'none',
        latency == null ? '–' : (latency / 1000).toFixed(2),
      ];
    }),
  };
}

/** With a recording: how far the mocked profile is from the recorded provider. Pure. */
export function recordingTable(results: ResultsFile): ReportTable | null {
  const cmp = results.recordingComparison;
  if (!cmp) return null;
  const ms = (x: number | null) => (x === null ? '–' : x.toFixed(0));
  const ratio = (x: number | null) => (x === null ? '–' : `${x.toFixed(2)}×`);
  return {
    id: 'recording',
    title: 'Mock against the recording',
    caption: `the ${cmp.profile} profile's AI latencies (quantiles of its distribution) against the recording ${cmp.recording} (successful calls, as measured), profile ms; above 1× the real provider is slower than the profile assumes`,
    header: ['call', 'mock p50', 'recorded p50', 'ratio p50', 'mock p95', 'recorded p95', 'ratio p95', 'recorded calls'],
    rows: cmp.rows.map((r) => [r.dependency, ms(r.mock.p50), ms(r.recorded.p50), ratio(r.ratioP50), ms(r.mock.p95), ms(r.recorded.p95), ratio(r.ratioP95), String(r.recorded.n)]),
  };
}

export function aiTables(results: ResultsFile): ReportTable[] {
  return [costTable(results), qualityTable(results), recordingTable(results)].filter((t): t is ReportTable => t !== null);
}
