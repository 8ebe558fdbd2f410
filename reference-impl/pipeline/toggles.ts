import { DEFAULT_OPTIMIZED_DEFAULTS } from '../defaults.ts';
import { AppError } from '../errors.ts';

export const PATHS = ['workflow', 'direct', 'optimized'] as const;
export type PipelinePath = (typeof PATHS)[number];

/** The named optimisations of DESIGN.md; `chunk` is the alternative to `pool`. */
export const OPTIMIZATIONS = ['parallel', 'cache', 'dedup', 'earlyQuery', 'asyncNotify', 'pool', 'chunk'] as const;
export type Optimization = (typeof OPTIMIZATIONS)[number];

/** How a batch's images are scheduled. */
export type BatchStrategy = 'sequential' | 'pool' | 'chunk' | 'all';

export interface Toggles {
  parallel: boolean;
  cache: boolean;
  dedup: boolean;
  earlyQuery: boolean;
  asyncNotify: boolean;
  batch: BatchStrategy;
}

/** What each path runs with when the request names no optimisations. */
export const PATH_DEFAULTS: Readonly<Record<PipelinePath, readonly Optimization[]>> = {
  direct: [],
  optimized: DEFAULT_OPTIMIZED_DEFAULTS,
  // The original workflow's first step already ran extraction and upload at once.
  workflow: ['parallel'],
};

export function isPath(value: unknown): value is PipelinePath {
  return typeof value === 'string' && (PATHS as readonly string[]).includes(value);
}

/**
 * The toggles of one request: the path's defaults, or exactly the listed optimisations when a
 * list is given. Unknown names and pool with chunk are client errors. Pure.
 */
export function resolveToggles(
  path: PipelinePath,
  requested?: readonly string[],
  defaults: Readonly<Record<PipelinePath, readonly Optimization[]>> = PATH_DEFAULTS,
): { optimizations: Optimization[]; toggles: Toggles } {
  const list = requested ?? defaults[path];
  const unknown = list.filter((name) => !(OPTIMIZATIONS as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new AppError('unknown_optimization', `unknown optimization ${JSON.stringify(unknown[0])}; known: ${OPTIMIZATIONS.join(', ')}`);
  }
  const set = new Set(list as Optimization[]);
  if (set.has('pool') && set.has('chunk')) throw new AppError('conflicting_optimizations');
  const optimizations = OPTIMIZATIONS.filter((name) => set.has(name));
  return {
    optimizations,
    toggles: {
      parallel: set.has('parallel'),
      cache: set.has('cache'),
      dedup: set.has('dedup'),
      earlyQuery: set.has('earlyQuery'),
      asyncNotify: set.has('asyncNotify'),
      // Without a batch toggle, workflows all start at once (the engine bounds them); jobs run one by one.
      batch: set.has('pool') ? 'pool' : set.has('chunk') ? 'chunk' : path === 'workflow' ? 'all' : 'sequential',
    },
  };
}
