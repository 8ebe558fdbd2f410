const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Pairs of base64 images that tell a correct cache key from a fast one. */
export interface KeyProbes {
  /** Two different images whose base64 is equal but for its last characters (same length). */
  differentImages: readonly [string, string];
  /**
   * The same bytes spelt two ways `decodeImage` accepts: canonical, and with the unused low bits
   * of the last character before the padding set (decoders ignore them).
   */
  sameBytes: readonly [string, string];
}

/**
 * Builds the probes from a real image: a copy with its last byte changed is a different image
 * with the same prefix; the image less one byte (so that its base64 has padding, hence unused
 * bits) is spelt twice. Pure.
 */
export function buildKeyProbes(image: Uint8Array): KeyProbes {
  if (image.length < 3) throw new Error('buildKeyProbes: the image is too short to probe');
  const changed = Buffer.from(image);
  changed[changed.length - 1] = (changed[changed.length - 1] as number) ^ 0xff;
  const padded = Buffer.from(image.length % 3 === 0 ? image.subarray(0, image.length - 1) : image);
  const canonical = padded.toString('base64');
  const pad = canonical.indexOf('=');
  const last = canonical[pad - 1] as string;
  const respelt = `${canonical.slice(0, pad - 1)}${ALPHABET[ALPHABET.indexOf(last) | 1]}${canonical.slice(pad)}`;
  if (respelt === canonical || !Buffer.from(respelt, 'base64').equals(padded)) {
    throw new Error('buildKeyProbes: the second spelling does not decode to the same bytes');
  }
  return {
    differentImages: [Buffer.from(image).toString('base64'), changed.toString('base64')],
    sameBytes: [canonical, respelt],
  };
}
