import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { METRICS } from './scenario-spec.ts';

const claimSchema = z.union([
  z.strictObject({ text: z.string(), lowMs: z.number().nonnegative(), highMs: z.number().nonnegative() }).refine((c) => c.lowMs <= c.highMs, 'lowMs must not exceed highMs'),
  z.strictObject({ text: z.literal('N/A') }),
]);

export const claimsSchema = z.strictObject({
  source: z.string(),
  note: z.string(),
  approximateTolerance: z.number().min(0).max(1),
  columns: z.array(z.strictObject({ label: z.string(), variant: z.string() })).min(1),
  rows: z
    .array(
      z.strictObject({
        label: z.string(),
        scenario: z.string(),
        workload: z.string(),
        metric: z.enum(METRICS),
        claims: z.record(z.string(), claimSchema),
      }),
    )
    .min(1),
});
export type Claims = z.infer<typeof claimsSchema>;
export type Claim = z.infer<typeof claimSchema>;

export const CLAIMS_FILE = new URL('../fixtures/claims.json', import.meta.url);

/** Reads the claims table, failing with the field that is wrong. */
export function loadClaims(file: URL | string = CLAIMS_FILE): Claims {
  const result = claimsSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new Error(`claims ${String(file)}: ${issue.path.join('.') || '(file)'}: ${issue.message}`);
}
