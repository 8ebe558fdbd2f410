import { describe, expect, it } from 'vitest';
import { buildKeyProbes } from '../harness/micro/key-probes.ts';
import { decodeImage } from '../reference-impl/pipeline/image-check.ts';
import { loadFlyerCatalog } from '../reference-impl/mocks/flyer-catalog.ts';

describe('cache-key probes', () => {
  const catalog = loadFlyerCatalog();
  const flyer = catalog.events()[0];
  if (!flyer) throw new Error('no fixture flyer');
  const probes = buildKeyProbes(Buffer.from(catalog.base64(flyer), 'base64'));

  it('spell one image two ways that the server accepts as the same bytes', () => {
    const [a, b] = probes.sameBytes.map((s) => decodeImage(s, Number.POSITIVE_INFINITY));
    expect(probes.sameBytes[0]).not.toBe(probes.sameBytes[1]);
    expect(a?.sha256).toBe(b?.sha256);
  });

  it('give two different images whose base64 shares all but its end', () => {
    const [a, b] = probes.differentImages;
    expect(a.length).toBe(b.length);
    expect(a.slice(0, a.length - 4)).toBe(b.slice(0, b.length - 4));
    expect(decodeImage(a, Number.POSITIVE_INFINITY).sha256).not.toBe(decodeImage(b, Number.POSITIVE_INFINITY).sha256);
  });
});
