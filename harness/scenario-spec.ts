import { z } from 'zod';
import { OPTIMIZATIONS, PATHS } from '../reference-impl/pipeline/toggles.ts';

/**
 * What a scenario file declares: what is sent, on which variants (a path and, optionally, an
 * exact list of optimisations), how often, and the thresholds its figures must meet. Data only;
 * the runner decides nothing a scenario could say.
 */

export const METRICS = ['ack', 'event', 'notified', 'makespan', 'firstResult'] as const;
export type Metric = (typeof METRICS)[number];

const name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9+.-]*$/, 'letters, digits, + . - (starting with a letter or digit)');

export const variantSchema = z.strictObject({
  /** Unique within its workload, e.g. `direct+parallel`. */
  name,
  path: z.enum(PATHS),
  /** Exactly these optimisations; absent means the path's defaults. */
  optimizations: z.array(z.enum(OPTIMIZATIONS)).optional(),
});
export type Variant = z.infer<typeof variantSchema>;

export const sendSchema = z.discriminatedUnion('kind', [
  /** One image per request, each (image, timezone) new to the server: a cache miss. */
  z.strictObject({ kind: z.literal('single') }),
  /** One batch of `images` different images. */
  z.strictObject({ kind: z.literal('batch'), images: z.int().min(1).max(200) }),
  /** An image sent again after it was seen (primed on the optimized path first, not counted). */
  z.strictObject({ kind: z.literal('duplicate') }),
]);
export type Send = z.infer<typeof sendSchema>;

export const workloadSchema = z.strictObject({
  /** Unique within its scenario, e.g. `single` or `batch-20`. */
  name,
  send: sendSchema,
  variants: z.array(variantSchema).min(1),
  /**
   * Units (requests or batches) in flight at once, each for its own user. More than one shortens
   * a run without sharing anything but the machine; the results state it.
   */
  concurrency: z.int().min(1).max(64).default(1),
  /** Measured repetitions per variant, when not the scenario's. */
  repetitions: z.int().min(1).optional(),
});
export type Workload = z.infer<typeof workloadSchema>;

export const thresholdSchema = z
  .strictObject({
    workload: z.string(),
    /** A variant of the workload; a regression threshold without one applies to every variant. */
    variant: z.string().optional(),
    metric: z.enum(METRICS),
    percentile: z.union([z.literal(50), z.literal(95), z.literal(99)]),
    /** An absolute limit, in profile milliseconds (wall time divided by the time scale). */
    maxMs: z.number().positive().optional(),
    /**
     * A limit relative to the committed baseline, checked by the regression gate: the share
     * this percentile may grow by (0.25 = 25%) before a convincing rise fails the gate.
     */
    maxRegression: z.number().positive().max(10).optional(),
  })
  .superRefine((t, ctx) => {
    if ((t.maxMs === undefined) === (t.maxRegression === undefined)) ctx.addIssue({ code: 'custom', path: ['maxMs'], message: 'give exactly one of maxMs (absolute) and maxRegression (against the baseline)' });
    if (t.maxMs !== undefined && t.variant === undefined) ctx.addIssue({ code: 'custom', path: ['variant'], message: 'an absolute threshold names its variant' });
  });
export type Threshold = z.infer<typeof thresholdSchema>;

export const scenarioSpecSchema = z
  .strictObject({
    name,
    description: z.string().min(1),
    workloads: z.array(workloadSchema).min(1),
    /** Measured repetitions per variant (each a unit); the run configuration may scale it. */
    repetitions: z.int().min(1),
    /** Repetitions per variant run first and not counted. */
    warmup: z.int().min(0).default(1),
    thresholds: z.array(thresholdSchema).default([]),
  })
  .superRefine((spec, ctx) => {
    const workloads = new Map<string, Set<string>>();
    spec.workloads.forEach((w, i) => {
      if (workloads.has(w.name)) ctx.addIssue({ code: 'custom', path: ['workloads', i, 'name'], message: `duplicate workload ${JSON.stringify(w.name)}` });
      const variants = new Set<string>();
      w.variants.forEach((v, j) => {
        if (variants.has(v.name)) ctx.addIssue({ code: 'custom', path: ['workloads', i, 'variants', j, 'name'], message: `duplicate variant ${JSON.stringify(v.name)}` });
        variants.add(v.name);
      });
      workloads.set(w.name, variants);
    });
    spec.thresholds.forEach((t, i) => {
      const variants = workloads.get(t.workload);
      if (!variants) ctx.addIssue({ code: 'custom', path: ['thresholds', i, 'workload'], message: `no workload ${JSON.stringify(t.workload)}` });
      else if (t.variant !== undefined && !variants.has(t.variant)) ctx.addIssue({ code: 'custom', path: ['thresholds', i, 'variant'], message: `no variant ${JSON.stringify(t.variant)} in ${t.workload}` });
    });
  });

/** What a scenario file writes (defaults may be left out). */
export type ScenarioSpec = z.input<typeof scenarioSpecSchema>;
/** A scenario after loading: defaults filled, checked. */
export type Scenario = z.output<typeof scenarioSpecSchema>;

export class ScenarioError extends Error {
  constructor(
    readonly source: string,
    readonly field: string,
    detail: string,
  ) {
    super(`scenario ${source}: ${field}: ${detail}`);
    this.name = 'ScenarioError';
  }
}

/** Checks a scenario, failing with the first wrong field named by its path (`workloads.0.send.images`). */
export function loadScenario(value: unknown, source: string): Scenario {
  const result = scenarioSpecSchema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  // An unknown key is reported at its object; name the key itself.
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path;
  const field = path.length > 0 ? path.join('.') : '(scenario)';
  const got = path.reduce<unknown>((at, key) => (at !== null && typeof at === 'object' ? (at as Record<PropertyKey, unknown>)[key] : undefined), value);
  const quoted = got === undefined ? '' : ` (got ${JSON.stringify(got)})`;
  throw new ScenarioError(source, field, `${issue.message}${quoted}`);
}
