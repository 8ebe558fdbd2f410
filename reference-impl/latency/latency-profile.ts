import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** Everything whose latency the model injects; each is drawn on its own. */
export const DEPENDENCIES = [
  'ai.event',
  'ai.metadata',
  'upload',
  'push',
  'db.insert',
  'db.count',
  'db.journal',
  'scheduler.hop',
  'workflow.hop',
] as const;
export type Dependency = (typeof DEPENDENCIES)[number];

/** Outbound providers whose limits the mocks enforce. */
export const PROVIDERS = ['ai', 'upload', 'push'] as const;
export type Provider = (typeof PROVIDERS)[number];

const ms = z.number().finite().nonnegative();

export const distributionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fixed'), ms }).strict(),
  z
    .object({ kind: z.literal('lognormal'), medianMs: ms, p95Ms: ms, maxMs: ms.optional() })
    .strict()
    .refine((d) => d.p95Ms >= d.medianMs, { message: 'p95Ms must be >= medianMs' }),
  z.object({ kind: z.literal('uniform'), minMs: ms, maxMs: ms }).strict()
    .refine((d) => d.maxMs >= d.minMs, { message: 'maxMs must be >= minMs' }),
  z.object({ kind: z.literal('empirical'), samplesMs: z.array(ms).min(1) }).strict(),
]);
export type Distribution = z.infer<typeof distributionSchema>;

const rate = z.number().min(0).max(1);

export const dependencySchema = z
  .object({
    distribution: distributionSchema,
    /**
     * A fixed delay added to every draw, in profile ms: the same step made slower, as a code
     * change would (the regression gate's sensitivity sweep uses it). @default 0
     */
    extraMs: ms.optional(),
    /** Where the numbers come from: a measurement, a document, or an assumption said as such. */
    basis: z.string().min(1),
    faults: z
      .object({
        /** Share of attempts answered with `errorStatus` instead of a result. */
        errorRate: rate.default(0),
        errorStatus: z.number().int().min(500).max(599).default(503),
      })
      .strict()
      .optional(),
  })
  .strict();
export type DependencySpec = z.infer<typeof dependencySchema>;

export const providerLimitSchema = z
  .object({
    /** Requests the provider works on at once; more wait for a free slot. */
    maxConcurrency: z.number().int().positive().optional(),
    /** Requests accepted per (scaled) minute; more are answered 429 with a retry-after. */
    requestsPerMinute: z.number().int().positive().optional(),
    /** The retry-after a 429 or an injected error carries, in profile milliseconds. */
    retryAfterMs: ms.default(1000),
    basis: z.string().min(1),
  })
  .strict();
export type ProviderLimit = z.infer<typeof providerLimitSchema>;

export const latencyProfileSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().min(1),
    dependencies: z.object(
      Object.fromEntries(DEPENDENCIES.map((d) => [d, dependencySchema])) as Record<Dependency, typeof dependencySchema>,
    ).strict(),
    limits: z.object({ ai: providerLimitSchema, upload: providerLimitSchema, push: providerLimitSchema }).partial().strict().default({}),
  })
  .strict();
export type LatencyProfile = z.infer<typeof latencyProfileSchema>;

export const PROFILES_DIR = fileURLToPath(new URL('../../fixtures/profiles/', import.meta.url));

/** Validates a parsed profile; the error names the field that is wrong. */
export function parseLatencyProfile(data: unknown, source: string): LatencyProfile {
  const result = latencyProfileSchema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`latency profile ${source}: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
  return result.data;
}

/** Loads a profile by name (`fixtures/profiles/<name>.json`) or by path. */
export async function loadLatencyProfile(nameOrPath: string): Promise<LatencyProfile> {
  const file = nameOrPath.endsWith('.json') ? path.resolve(nameOrPath) : path.join(PROFILES_DIR, `${nameOrPath}.json`);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new Error(`latency profile ${JSON.stringify(nameOrPath)} not found (looked for ${file})`);
  }
  return parseLatencyProfile(JSON.parse(text), file);
}
