import { createHash } from 'node:crypto';

/** Everything an AI answer depends on: relative dates ("this Friday") make it depend on the user's day too. */
export interface CacheKeyInput {
  /** SHA-256 (hex) of the decoded image bytes, so two encodings of one image share a key. */
  imageSha256: string;
  timeZone: string;
  /** The user's local date (YYYY-MM-DD) in `timeZone`. */
  localDate: string;
  model: string;
  promptVersion: string;
}

const KEY_VERSION = 'ai-result-v1';

/** The AI-result cache key and dedup key of one image: SHA-256 over every input, in a fixed order. Pure. */
export function cacheKey(input: CacheKeyInput): string {
  return createHash('sha256')
    .update([KEY_VERSION, input.imageSha256, input.timeZone, input.localDate, input.model, input.promptVersion].join('\u0000'))
    .digest('hex');
}
