import { DEFAULT_AI_MODEL } from '../../reference-impl/defaults.ts';
import { loadFlyerCatalog, type Flyer } from '../../reference-impl/mocks/flyer-catalog.ts';
import { mockAiCompletion } from '../../reference-impl/mocks/mock-ai-answer.ts';
import { loadLatencyProfile, type Distribution } from '../../reference-impl/latency/latency-profile.ts';
import { MICRO_BATCH_DEPENDENCY, MICRO_SMALL_IMAGE_TARGET_BYTES } from './micro-defaults.ts';
import type { ResolvedMicroOptions } from './micro-options.ts';

/** A fixture image as the benchmarks use it. */
export interface MicroImage {
  id: string;
  mime: string;
  bytes: number;
  base64Chars: number;
  sha256: string;
  base64: string;
}

/** Everything the tasks read, loaded before any timing starts. */
export interface MicroInputs {
  /** The event fixture nearest to 40 KB. */
  small: MicroImage;
  /** The event fixture with the most base64 characters (just under the 700,000 limit). */
  large: MicroImage;
  /** The mock AI's chat-completion content strings for the small image, as the extractor receives them. */
  answers: { event: string; metadata: string };
  /** The distribution the simulated batch's durations are drawn from. */
  batchDistribution: Distribution;
}

/** The two benchmark images among the event fixtures. Pure. */
export function pickImages(flyers: readonly Flyer[]): { small: Flyer; large: Flyer } {
  const [first] = flyers;
  if (!first) throw new Error('pickImages: no fixture flyers');
  const nearest = (f: Flyer) => Math.abs(f.bytes - MICRO_SMALL_IMAGE_TARGET_BYTES);
  return {
    small: flyers.reduce((best, f) => (nearest(f) < nearest(best) ? f : best), first),
    large: flyers.reduce((best, f) => (f.base64Chars > best.base64Chars ? f : best), first),
  };
}

function content(completion: Record<string, unknown>): string {
  const choices = completion.choices as { message: { content: string } }[];
  const text = choices[0]?.message.content;
  if (typeof text !== 'string') throw new Error('the mock AI answer has no content');
  return text;
}

/** Reads the fixtures and the latency profile (run `npx tsx scripts/make-fixtures.ts --if-missing` first). */
export async function loadMicroInputs(options: ResolvedMicroOptions): Promise<MicroInputs> {
  const catalog = loadFlyerCatalog();
  const picked = pickImages(catalog.events());
  const image = (flyer: Flyer): MicroImage => {
    const base64 = catalog.base64(flyer);
    if (base64.length !== flyer.base64Chars) throw new Error(`fixture ${flyer.id} is stale: run \`npm run fixtures\``);
    return { id: flyer.id, mime: flyer.mime, bytes: flyer.bytes, base64Chars: flyer.base64Chars, sha256: flyer.sha256, base64 };
  };
  const question = (kind: 'event' | 'metadata') => ({ kind, imageSha256: picked.small.sha256, imageBase64Chars: picked.small.base64Chars });
  const profile = await loadLatencyProfile(options.latencyProfile);
  return {
    small: image(picked.small),
    large: image(picked.large),
    answers: {
      event: content(mockAiCompletion(question('event'), catalog, DEFAULT_AI_MODEL)),
      metadata: content(mockAiCompletion(question('metadata'), catalog, DEFAULT_AI_MODEL)),
    },
    batchDistribution: profile.dependencies[MICRO_BATCH_DEPENDENCY].distribution,
  };
}
