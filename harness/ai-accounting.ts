import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Sample } from './samples.ts';

/** USD per million tokens per model: configuration (`fixtures/pricing.json`), not a measurement. */
export const pricingSchema = z.strictObject({
  note: z.string(),
  models: z.record(z.string(), z.strictObject({ inputUsdPerMTok: z.number().nonnegative(), outputUsdPerMTok: z.number().nonnegative() })),
});
export type Pricing = z.infer<typeof pricingSchema>;

export const PRICING_FILE = new URL('../fixtures/pricing.json', import.meta.url);

export function loadPricing(file: URL | string = PRICING_FILE): Pricing {
  const parsed = pricingSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`pricing ${String(file)}: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

/** Tokens and money per image of one variant; null where the model has no price. */
export interface CostCell {
  scenario: string;
  workload: string;
  variant: string;
  images: number;
  /** Images whose extraction called the model (the rest came from the cache or a shared call). */
  imagesCallingAi: number;
  promptTokensPerImage: number;
  completionTokensPerImage: number;
  usdPerImage: number | null;
  /** For batch workloads: what one whole batch cost. */
  usdPerBatch: number | null;
  cacheHits: number;
  /** What the hits would have cost at the run's mean price of an image that called the model. */
  usdSavedByCache: number | null;
}

export interface CostSummary {
  model: string | null;
  priced: boolean;
  pricingNote: string;
  /** Mean tokens and price of an image that called the model, over the whole run. */
  perAiImage: { promptTokens: number; completionTokens: number; usd: number | null } | null;
  cells: CostCell[];
}

const key = (s: Sample) => `${s.scenario}/${s.workload}/${s.variant}`;

/** Tokens and cost of every variant's measured, succeeded images. Pure. */
export function buildCost(samples: readonly Sample[], model: string | null, pricing: Pricing): CostSummary {
  const price = model ? pricing.models[model] : undefined;
  const usd = (prompt: number, completion: number) => (price ? (prompt * price.inputUsdPerMTok + completion * price.outputUsdPerMTok) / 1e6 : null);
  const measured = samples.filter((s) => !s.warmup && s.outcome === 'succeeded' && s.server?.tokens);
  const calling = measured.filter((s) => (s.server!.aiCalls ?? 0) > 0);
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  const perAiImage = calling.length
    ? (() => {
        const promptTokens = mean(calling.map((s) => s.server!.tokens!.prompt));
        const completionTokens = mean(calling.map((s) => s.server!.tokens!.completion));
        return { promptTokens, completionTokens, usd: usd(promptTokens, completionTokens) };
      })()
    : null;
  const groups = new Map<string, Sample[]>();
  for (const s of measured) groups.set(key(s), [...(groups.get(key(s)) ?? []), s]);
  const cells = [...groups.values()].map((group): CostCell => {
    const at = group[0]!;
    const prompt = mean(group.map((s) => s.server!.tokens!.prompt));
    const completion = mean(group.map((s) => s.server!.tokens!.completion));
    const perImage = usd(prompt, completion);
    const hits = group.filter((s) => s.server!.cacheHit || s.server!.dedupShared).length;
    const batches = new Set(group.map((s) => s.unit)).size;
    return {
      scenario: at.scenario,
      workload: at.workload,
      variant: at.variant,
      images: group.length,
      imagesCallingAi: group.filter((s) => (s.server!.aiCalls ?? 0) > 0).length,
      promptTokensPerImage: prompt,
      completionTokensPerImage: completion,
      usdPerImage: perImage,
      usdPerBatch: at.kind === 'batch' && perImage !== null ? (perImage * group.length) / batches : null,
      cacheHits: hits,
      usdSavedByCache: perAiImage?.usd != null ? hits * perAiImage.usd : null,
    };
  });
  return { model, priced: price !== undefined, pricingNote: pricing.note, perAiImage, cells };
}

/** How well the created events match their fixtures, per variant. */
export interface QualityCell {
  scenario: string;
  workload: string;
  variant: string;
  images: number;
  /** Share of compared fields that matched. */
  fieldMatchRate: number;
  /** Share of events with every field matching. */
  exactRate: number;
  /** The fields missed most often, with how often. */
  mostMissed: { field: string; images: number }[];
}

/** Extraction quality per variant, from the samples' field-by-field scores. Pure. */
export function buildQuality(samples: readonly Sample[]): QualityCell[] {
  const groups = new Map<string, Sample[]>();
  for (const s of samples) if (!s.warmup && s.quality) groups.set(key(s), [...(groups.get(key(s)) ?? []), s]);
  return [...groups.values()].map((group) => {
    const at = group[0]!;
    const matched = group.reduce((n, s) => n + s.quality!.matched, 0);
    const total = group.reduce((n, s) => n + s.quality!.total, 0);
    const missed = new Map<string, number>();
    for (const s of group) for (const f of s.quality!.missed) missed.set(f, (missed.get(f) ?? 0) + 1);
    return {
      scenario: at.scenario,
      workload: at.workload,
      variant: at.variant,
      images: group.length,
      fieldMatchRate: total ? matched / total : 0,
      exactRate: group.filter((s) => s.quality!.exact).length / group.length,
      mostMissed: [...missed.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([field, images]) => ({ field, images })),
    };
  });
}
