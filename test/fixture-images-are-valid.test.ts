import { describe, it, expect, beforeAll } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { BYTES_PER_KB, renderFlyer, SIZE_TOLERANCE } from '../scripts/fixtures/draw-flyer.ts';
import { ensureFixtures, fixturesArePresent, IMAGES_DIR, INDEX_PATH, type FixtureIndex } from '../scripts/fixtures/fixture-index.ts';
import { FLYERS_PATH, loadFlyerSpecs, type FlyerSpec } from '../scripts/fixtures/flyer-specs.ts';
import { base64Length, bytesForBase64Length, crc32, padPngToBytes } from '../scripts/fixtures/png-padding.ts';

const MAX_POSTER_ID = 'max-size-poster';

/** Reads width and height from the container header, independently of any decoder. */
function headerDimensions(buf: Buffer, mime: string): { width: number; height: number } {
  if (mime === 'image/png') {
    expect(buf.toString('latin1', 12, 16)).toBe('IHDR');
    return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
  }
  if (mime === 'image/jpeg') {
    let o = 2;
    while (o + 9 < buf.length) {
      if (buf[o] !== 0xff) throw new Error(`bad JPEG marker at ${o}`);
      const marker = buf[o + 1]!;
      if (marker === 0xff) { o += 1; continue; } // fill byte
      if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) { o += 2; continue; }
      // SOF0-SOF15 except DHT (C4), JPG (C8) and DAC (CC).
      if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
        return { height: buf.readUInt16BE(o + 5), width: buf.readUInt16BE(o + 7) };
      }
      if (marker === 0xda) break;
      o += 2 + buf.readUInt16BE(o + 2);
    }
    throw new Error('no SOF segment before the scan');
  }
  if (mime === 'image/webp') {
    const chunk = buf.toString('latin1', 12, 16);
    if (chunk === 'VP8X') return { width: 1 + buf.readUIntLE(24, 3), height: 1 + buf.readUIntLE(27, 3) };
    if (chunk === 'VP8L') {
      expect(buf[20]).toBe(0x2f);
      const bits = buf.readUInt32LE(21);
      return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
    }
    if (chunk === 'VP8 ') {
      expect([...buf.subarray(23, 26)]).toEqual([0x9d, 0x01, 0x2a]);
      return { width: buf.readUInt16LE(26) & 0x3fff, height: buf.readUInt16LE(28) & 0x3fff };
    }
    throw new Error(`unknown WebP chunk ${chunk}`);
  }
  throw new Error(`unexpected mime ${mime}`);
}

function sniffMime(buf: Buffer): string {
  if (buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'image/jpeg';
  if (buf.toString('latin1', 0, 4) === 'RIFF' && buf.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return 'unknown';
}

/** Walks PNG chunks checking every CRC; returns the chunk types in order. */
function pngChunks(buf: Buffer): string[] {
  const types: string[] = [];
  let o = 8;
  while (o < buf.length) {
    const len = buf.readUInt32BE(o);
    const type = buf.toString('latin1', o + 4, o + 8);
    expect(buf.readUInt32BE(o + 8 + len), `CRC of ${type} at ${o}`).toBe(crc32(buf.subarray(o + 4, o + 8 + len)));
    types.push(type);
    o += 12 + len;
  }
  expect(o).toBe(buf.length);
  return types;
}

const isDate = (s: string): boolean =>
  /^\d{4}-\d{2}-\d{2}$/.test(s) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

let specs: FlyerSpec[];
let index: FixtureIndex;
const files = new Map<string, Buffer>();

beforeAll(() => {
  ensureFixtures();
  specs = loadFlyerSpecs();
  index = JSON.parse(readFileSync(INDEX_PATH, 'utf8')) as FixtureIndex;
  for (const e of index.images) files.set(e.id, readFileSync(join(IMAGES_DIR, e.file)));
});

describe('fixture images', () => {
  it('lists 27 images, one per flyer, with unique ids', () => {
    expect(index.schemaVersion).toBe(1);
    expect(index.images).toHaveLength(27);
    expect(index.images.map((e) => e.id)).toEqual(specs.map((s) => s.id));
    expect(new Set(specs.map((s) => s.id)).size).toBe(specs.length);
  });

  it('has files whose magic bytes, header dimensions, size and sha256 match index.json', async () => {
    for (const e of index.images) {
      const buf = files.get(e.id)!;
      expect(sniffMime(buf), e.id).toBe(e.mime);
      expect(e.file.endsWith({ 'image/png': '.png', 'image/jpeg': '.jpg', 'image/webp': '.webp' }[e.mime] ?? '?'), e.id).toBe(true);
      expect(buf.length, e.id).toBe(e.bytes);
      expect(e.base64Chars, e.id).toBe(buf.toString('base64').length);
      expect(createHash('sha256').update(buf).digest('hex'), e.id).toBe(e.sha256);
      const dims = headerDimensions(buf, e.mime);
      expect(dims, e.id).toEqual({ width: 640, height: e.height });
      expect(e.height, e.id).toBeGreaterThanOrEqual(800);
      expect(e.height, e.id).toBeLessThanOrEqual(1100);
      if (e.mime === 'image/webp') expect(buf.readUInt32LE(4) + 8, `${e.id} RIFF size`).toBe(buf.length);
      if (e.mime === 'image/png') expect(pngChunks(buf).at(-1), e.id).toBe('IEND');
      // A real decoder must agree, so a header that merely looks right cannot pass.
      const img = await loadImage(buf);
      expect([img.width, img.height], e.id).toEqual([640, e.height]);
    }
  });

  it('keeps ordinary flyers within 15-160 KB and near their targetKb', () => {
    for (const s of specs.filter((f) => f.id !== MAX_POSTER_ID)) {
      const bytes = files.get(s.id)!.length;
      expect(bytes, s.id).toBeGreaterThanOrEqual(15 * BYTES_PER_KB);
      expect(bytes, s.id).toBeLessThanOrEqual(160 * BYTES_PER_KB);
      const target = s.targetKb! * BYTES_PER_KB;
      expect(Math.abs(bytes - target) / target, s.id).toBeLessThanOrEqual(SIZE_TOLERANCE);
    }
  });

  it('puts the max-size poster just under the 700,000-character base64 limit', () => {
    const buf = files.get(MAX_POSTER_ID)!;
    const chars = buf.toString('base64').length;
    expect(chars).toBeGreaterThanOrEqual(699_000);
    expect(chars).toBeLessThanOrEqual(700_000);
    expect(buf.length).toBeLessThanOrEqual(525_000);
    expect(pngChunks(buf).slice(-2)).toEqual(['tEXt', 'IEND']);
  });

  it('mixes formats', () => {
    const count = (fmt: string): number => specs.filter((s) => s.format === fmt).length;
    expect(count('webp') + count('jpeg') + count('png')).toBe(27);
    for (const fmt of ['webp', 'jpeg', 'png']) expect(count(fmt)).toBeGreaterThanOrEqual(6);
  });
});

describe('expected events', () => {
  it('has 25 real events and the two planned rejections', () => {
    expect(specs.filter((s) => s.expected.rejection === undefined)).toHaveLength(25);
    expect(specs.map((s) => s.expected.rejection).filter(Boolean).sort()).toEqual(['name_too_short', 'start_date_unknown']);
    expect(specs.find((s) => s.expected.rejection === 'name_too_short')!.expected.event.name.length).toBeLessThan(3);
    expect(specs.find((s) => s.expected.rejection === 'start_date_unknown')!.expected.event.startDate).toBe('TBD');
  });

  it('uses valid dates, times and time zones', () => {
    for (const { id, expected } of specs) {
      const ev = expected.event;
      if (expected.rejection !== 'start_date_unknown') {
        expect(isDate(ev.startDate), `${id} startDate`).toBe(true);
        expect(ev.startDate >= '2027-01-10' && ev.startDate <= '2027-11-30', `${id} startDate range`).toBe(true);
      }
      if (ev.endDate !== '') {
        expect(isDate(ev.endDate), `${id} endDate`).toBe(true);
        expect(ev.endDate >= ev.startDate, `${id} ends before it starts`).toBe(true);
      }
      for (const t of [ev.startTime, ev.endTime]) expect(t, id).toMatch(/^(\d{2}:\d{2}:\d{2})?$/);
      expect(() => new Intl.DateTimeFormat(undefined, { timeZone: ev.timeZone }), `${id} timeZone`).not.toThrow();
    }
  });

  it('includes exactly one hostile description and a non-ASCII name', () => {
    const hostile = specs.filter((s) => /<script|onerror=/i.test(s.expected.event.description));
    expect(hostile).toHaveLength(1);
    expect(hostile[0]!.expected.rejection).toBeUndefined();
    expect(specs.some((s) => /[^\x00-\x7f]/.test(s.expected.event.name))).toBe(true);
  });
});

describe('generator', () => {
  it('renders a flyer to identical bytes every time, matching the file on disk', () => {
    const spec = specs[0]!;
    const a = renderFlyer(spec);
    const b = renderFlyer(spec);
    expect(a.data.equals(b.data)).toBe(true);
    const sha = createHash('sha256').update(a.data).digest('hex');
    const onDisk = index.images.find((e) => e.id === spec.id)!.sha256;
    expect(sha, 'fixtures/images is stale: run `npm run fixtures`').toBe(onDisk);
  });

  it('computes base64 lengths and CRC-32 correctly', () => {
    expect([0, 1, 2, 3, 4, 524_997].map(base64Length)).toEqual([0, 4, 4, 4, 8, 699_996]);
    expect(bytesForBase64Length(699_996)).toBe(524_997);
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926); // the standard check value
  });

  it('pads a PNG to an exact size without breaking it', async () => {
    const canvas = createCanvas(8, 8);
    canvas.getContext('2d').fillRect(0, 0, 4, 4);
    const png = canvas.toBuffer('image/png');
    const padded = padPngToBytes(png, png.length + 1000);
    expect(padded.length).toBe(png.length + 1000);
    expect(pngChunks(padded).slice(-2)).toEqual(['tEXt', 'IEND']);
    expect((await loadImage(padded)).width).toBe(8);
    expect(() => padPngToBytes(png, png.length + 5)).toThrow(RangeError);
  });

  it('names the flyer and the field when an entry is invalid', () => {
    const good = JSON.parse(readFileSync(FLYERS_PATH, 'utf8')) as { flyers: Array<Record<string, unknown>> };
    const bad = structuredClone(good.flyers[0]!) as { id: string; expected: { event: { startDate: string } } };
    bad.id = 'broken-flyer';
    bad.expected.event.startDate = '2027-02-30';
    const path = join(mkdtempSync(join(tmpdir(), 'flyers-')), 'flyers.json');
    writeFileSync(path, JSON.stringify({ schemaVersion: 1, flyers: [bad] }));
    expect(() => loadFlyerSpecs(path)).toThrow(/flyer "broken-flyer" field "expected\.event\.startDate"/);
  });

  it('treats fixtures as missing when index.json records another flyers.json hash', () => {
    const dir = `${mkdtempSync(join(tmpdir(), 'fixtures-'))}/`;
    const flyersPath = join(dir, 'flyers.json');
    const flyersBytes = readFileSync(FLYERS_PATH);
    writeFileSync(flyersPath, flyersBytes);
    const entry = index.images[0]!;
    const one = specs.filter((s) => s.id === entry.id);
    writeFileSync(join(dir, entry.file), files.get(entry.id)!);
    const writeIndex = (specSha256: string): void =>
      writeFileSync(join(dir, 'index.json'), JSON.stringify({ ...index, specSha256, images: [entry] }));
    writeIndex(createHash('sha256').update(flyersBytes).digest('hex'));
    expect(fixturesArePresent(one, dir, flyersPath)).toBe(true);
    writeIndex('0'.repeat(64));
    expect(fixturesArePresent(one, dir, flyersPath)).toBe(false);
  });
});
