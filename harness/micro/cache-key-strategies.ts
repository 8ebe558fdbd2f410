import { createHash } from 'node:crypto';
import { SLICE_KEY_CHARS } from './micro-defaults.ts';
import type { KeyProbes } from './key-probes.ts';

export const KEY_STRATEGY_IDS = ['slice', 'md5-string', 'sha256-string', 'sha256-bytes'] as const;
export type KeyStrategyId = (typeof KEY_STRATEGY_IDS)[number];

/** One way to turn an image's base64 (data-URL prefix already removed) into a cache key. */
export interface KeyStrategy {
  id: KeyStrategyId;
  label: string;
  key: (base64: string) => string;
}

/** The four candidates; `sha256-bytes` is what the server uses (`decodeImage` then `cacheKey`). Pure. */
export const KEY_STRATEGIES: readonly KeyStrategy[] = [
  {
    id: 'slice',
    label: `first ${SLICE_KEY_CHARS.toLocaleString('en-US')} chars + length`,
    key: (base64) => `${base64.length}:${base64.slice(0, SLICE_KEY_CHARS)}`,
  },
  { id: 'md5-string', label: 'MD5 of the base64 string', key: (base64) => createHash('md5').update(base64).digest('hex') },
  { id: 'sha256-string', label: 'SHA-256 of the base64 string', key: (base64) => createHash('sha256').update(base64).digest('hex') },
  {
    id: 'sha256-bytes',
    label: 'SHA-256 of the decoded bytes (the project’s key)',
    // As decodeImage does it: decode, then hash the bytes.
    key: (base64) => createHash('sha256').update(Buffer.from(base64, 'base64')).digest('hex'),
  },
];

/** Whether a strategy is a correct cache key, found by running it on the probes, not asserted. */
export interface KeyVerdict {
  strategy: KeyStrategyId;
  label: string;
  /** Two different images that share a long base64 prefix get different keys. */
  separatesDifferentImages: boolean;
  /** One image's bytes in two base64 spellings the server accepts get one key. */
  joinsSameBytes: boolean;
  /** Both: a hit is always the same image, and the same image always hits. */
  correct: boolean;
}

/** Runs each strategy on the probes. Pure. */
export function judgeKeyStrategies(strategies: readonly KeyStrategy[], probes: KeyProbes): KeyVerdict[] {
  return strategies.map((s) => {
    const separatesDifferentImages = s.key(probes.differentImages[0]) !== s.key(probes.differentImages[1]);
    const joinsSameBytes = s.key(probes.sameBytes[0]) === s.key(probes.sameBytes[1]);
    return { strategy: s.id, label: s.label, separatesDifferentImages, joinsSameBytes, correct: separatesDifferentImages && joinsSameBytes };
  });
}
