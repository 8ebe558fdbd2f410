import type { StepTiming } from '../stores/types.ts';
import { cacheKey } from './cache-key.ts';
import type { PipelineDeps } from './deps.ts';
import type { Extraction } from './event-schema.ts';
import type { DecodedImage } from './image-check.ts';
import type { Toggles } from './toggles.ts';

export interface ExtractRequest {
  image: DecodedImage;
  timeZone: string;
  localDate: string;
  contentKey: string;
}

/** How an extraction was obtained, for the job's counters. */
export interface ExtractOutcome {
  extraction: Extraction;
  aiCalls: number;
  cacheHit: boolean;
  dedupShared: boolean;
}

/**
 * AI extraction with the `cache` and `dedup` toggles: a cache hit skips the model; a miss runs
 * through singleflight, which checks the cache again (another holder may have filled it), calls
 * the model once for every identical request in flight, and caches only the AI output.
 */
export async function extractStep(
  deps: PipelineDeps,
  request: ExtractRequest,
  toggles: Pick<Toggles, 'cache' | 'dedup'>,
  record: (timing: StepTiming) => void,
): Promise<ExtractOutcome> {
  const callModel = () => deps.ai.extract(request, record);
  if (!toggles.cache && !toggles.dedup) {
    return { extraction: await callModel(), aiCalls: 2, cacheHit: false, dedupShared: false };
  }
  const key = cacheKey({
    imageSha256: request.image.sha256,
    timeZone: request.timeZone,
    localDate: request.localDate,
    model: deps.options.aiModel,
    promptVersion: deps.options.promptVersion,
  });
  if (toggles.cache) {
    const startAt = deps.clock.now();
    const hit = await deps.cache.get(key);
    record({ name: 'cache.get', startAt, endAt: deps.clock.now(), note: hit ? 'cache-hit' : 'cache-miss' });
    if (hit) {
      deps.metrics.cacheHits.inc();
      return { extraction: hit, aiCalls: 0, cacheHit: true, dedupShared: false };
    }
  }
  let calledModel = false;
  let filledMeanwhile = false;
  const load = async (): Promise<Extraction> => {
    if (toggles.cache && toggles.dedup) {
      const filled = await deps.cache.get(key);
      if (filled) {
        filledMeanwhile = true;
        return filled;
      }
    }
    calledModel = true;
    const extraction = await callModel();
    if (toggles.cache) await deps.cache.set(key, extraction, deps.options.cacheTtlMs);
    return extraction;
  };
  if (!toggles.dedup) {
    if (toggles.cache) deps.metrics.cacheMisses.inc();
    return { extraction: await load(), aiCalls: 2, cacheHit: false, dedupShared: false };
  }
  const startAt = deps.clock.now();
  const { value, shared } = await deps.dedup.run(key, load);
  if (shared) {
    deps.metrics.dedupCollapsed.inc();
    record({ name: 'dedup.wait', startAt, endAt: deps.clock.now(), note: 'shared' });
  }
  // Counted once the outcome is known: a holder may find the cache filled by the holder before it.
  const cacheHit = !shared && filledMeanwhile;
  if (cacheHit) deps.metrics.cacheHits.inc();
  else if (toggles.cache && !shared) deps.metrics.cacheMisses.inc();
  return { extraction: value, aiCalls: calledModel ? 2 : 0, cacheHit, dedupShared: shared };
}
