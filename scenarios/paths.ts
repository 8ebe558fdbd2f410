import type { Variant } from '../harness/scenario-spec.ts';

/** The three paths on their defaults, in the order runs interleave them. */
export const THREE_PATHS = [
  { name: 'workflow', path: 'workflow' },
  { name: 'direct', path: 'direct' },
  { name: 'optimized', path: 'optimized' },
] as const satisfies readonly Variant[];

/** `direct` with one optimisation turned on: what that optimisation is worth alone. Pure. */
export function directWith(...optimizations: NonNullable<Variant['optimizations']>): Variant {
  return { name: `direct+${optimizations.join('+')}`, path: 'direct', optimizations };
}
