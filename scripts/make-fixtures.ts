/**
 * Renders the flyer fixture images described by `fixtures/flyers.json` into
 * `fixtures/images/`, plus an `index.json` with sizes and hashes.
 *
 * Usage: `tsx scripts/make-fixtures.ts [--if-missing | --check]`
 *
 * Everything is deterministic (pixel font, seeded noise, fixed search steps), so
 * the images need not be committed: any machine with the same encoder builds
 * regenerates the same bytes.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createCanvas, PngFilter, type Canvas, type ImageData, type SKRSContext2D } from '@napi-rs/canvas';
import { z } from 'zod';
import { drawPixelText, measurePixelText, PIXEL_FONT_CHARS } from './pixel-font.ts';

/** Absolute path of `fixtures/flyers.json`. */
export const FLYERS_PATH = fileURLToPath(new URL('../fixtures/flyers.json', import.meta.url));
/** Absolute path of the generated image directory. */
export const IMAGES_DIR = fileURLToPath(new URL('../fixtures/images/', import.meta.url));
/** Absolute path of the generated `index.json`. */
export const INDEX_PATH = `${IMAGES_DIR}index.json`;
/** Every fixture image is this wide. */
export const IMAGE_WIDTH = 640;
/** `targetKb` counts kilobytes of 1000 bytes, like the API's byte limit. */
export const BYTES_PER_KB = 1000;
/** How far from `targetKb` an encoded image may land. */
export const SIZE_TOLERANCE = 0.15;

// ---- spec schema --------------------------------------------------------------

const isCalendarDate = (s: string): boolean =>
  /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) &&
  new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
const isTimeZone = (tz: string): boolean => {
  try { new Intl.DateTimeFormat(undefined, { timeZone: tz }); return true; } catch { return false; }
};
const date = z.string().refine(isCalendarDate, 'must be a real date as YYYY-MM-DD');
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$|^$/, 'must be HH:MM:SS or ""');
const hex = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a #rrggbb colour');
const line = z.string().min(1).max(28, 'at most 28 characters fit at a legible size')
  .refine((s) => [...s].every((ch) => PIXEL_FONT_CHARS.includes(ch)), `only these characters are drawable: A-Z 0-9 space : - / . , & ! ? ' $`);
const priceType = z.enum(['donation', 'free', 'notaflof', 'paid', 'unknown']);

const FlyerSpecSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case'),
  format: z.enum(['webp', 'jpeg', 'png']),
  targetKb: z.number().min(5).max(400).optional(),
  targetBase64Chars: z.number().int().min(1000).max(2_000_000).optional(),
  design: z.strictObject({
    background: hex, accent: hex, ink: hex,
    layout: z.enum(['banner', 'poster', 'split', 'ticket']),
    texture: z.number().min(0).max(1),
  }),
  lines: z.array(line).min(1).max(9),
  expected: z.strictObject({
    rejection: z.enum(['start_date_unknown', 'name_too_short']).optional(),
    event: z.strictObject({
      name: z.string().min(1), description: z.string(),
      startDate: z.union([date, z.literal('TBD')]), startTime: time,
      endDate: z.union([date, z.literal('')]), endTime: time,
      timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone'),
      location: z.string(),
    }),
    metadata: z.strictObject({
      accessibility: z.array(z.string()), accessibilityNotes: z.string(),
      ageRestriction: z.enum(['all-ages', '18+', '21+', 'unknown']),
      category: z.enum(['music', 'art', 'food', 'sports', 'tech', 'community', 'film', 'theatre', 'market', 'workshop']),
      mentions: z.array(z.string().regex(/^@\w+$/, 'must look like @handle')),
      performers: z.array(z.string()),
      priceMin: z.number().nonnegative().nullable(), priceMax: z.number().nonnegative().nullable(),
      priceType, source: z.literal('flyer'), type: z.string().min(1),
    }),
  }),
}).superRefine((f, ctx) => {
  if ((f.targetKb === undefined) === (f.targetBase64Chars === undefined)) {
    ctx.addIssue({ code: 'custom', path: ['targetKb'], message: 'exactly one of targetKb and targetBase64Chars is required' });
  }
  if (f.targetBase64Chars !== undefined && f.format !== 'png') {
    ctx.addIssue({ code: 'custom', path: ['format'], message: 'only png can be padded to targetBase64Chars' });
  }
});

/** One validated entry of `fixtures/flyers.json`. */
export type FlyerSpec = z.infer<typeof FlyerSpecSchema>;

/**
 * Reads and validates `fixtures/flyers.json`. Throws one error listing every
 * problem as `flyer "<id>" field "<path>": <why>`.
 */
export function loadFlyerSpecs(path: string = FLYERS_PATH): FlyerSpec[] {
  const raw: unknown = JSON.parse(readFileSync(path, 'utf8'));
  const file = z.object({ schemaVersion: z.literal(1), flyers: z.array(z.unknown()) }).safeParse(raw);
  if (!file.success) throw new Error(`${path}: expected { schemaVersion: 1, flyers: [...] }: ${file.error.message}`);
  const problems: string[] = [];
  const specs: FlyerSpec[] = [];
  file.data.flyers.forEach((entry, i) => {
    const rawId = (entry as { id?: unknown } | null)?.id;
    const name = typeof rawId === 'string' ? rawId : `#${i}`;
    const parsed = FlyerSpecSchema.safeParse(entry);
    if (parsed.success) specs.push(parsed.data);
    else for (const issue of parsed.error.issues) problems.push(`flyer "${name}" field "${issue.path.join('.') || '(root)'}": ${issue.message}`);
  });
  const seen = new Set<string>();
  for (const s of specs) {
    if (seen.has(s.id)) problems.push(`flyer "${s.id}" field "id": duplicate id`);
    seen.add(s.id);
  }
  if (problems.length > 0) throw new Error(`${path} is invalid:\n  ${problems.join('\n  ')}`);
  return specs;
}

// ---- byte-level helpers ---------------------------------------------------------

/** Length of the base64 text (with padding) for `bytes` bytes of data. */
export function base64Length(bytes: number): number {
  return 4 * Math.ceil(bytes / 3);
}

/** Largest byte count whose base64 text is at most `chars` characters. */
export function bytesForBase64Length(chars: number): number {
  return Math.floor(chars / 4) * 3;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 as PNG uses it (zlib.crc32 is only in Node 20.15+, and engines allows 20.12). */
export function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Returns `png` grown to exactly `totalBytes` by a `tEXt` chunk inserted before
 * IEND. The image stays valid and decodes to the same pixels, which lets a
 * fixture sit precisely at an upload size limit.
 */
export function padPngToBytes(png: Buffer, totalBytes: number): Buffer {
  if (!png.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('not a PNG');
  const iend = png.length - 12;
  if (png.toString('latin1', iend + 4, iend + 8) !== 'IEND') throw new Error('PNG does not end with IEND');
  const keyword = 'Comment\0';
  const dataLength = totalBytes - png.length - 12;
  if (dataLength < keyword.length) throw new RangeError(`PNG is ${png.length} bytes, too big to pad to ${totalBytes}`);
  // Printable filler: tEXt text must be Latin-1 without NUL.
  const body = Buffer.alloc(dataLength, 'fixture padding up to the upload size limit. ', 'latin1');
  body.write(keyword, 0, 'latin1');
  const typeAndData = Buffer.concat([Buffer.from('tEXt', 'latin1'), body]);
  const head = Buffer.alloc(4);
  head.writeUInt32BE(dataLength);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([png.subarray(0, iend), head, typeAndData, crc, png.subarray(iend)]);
}

// ---- drawing ----------------------------------------------------------------------

/** A fixed sequence from a 32-bit seed; Math.random would make every run different. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const seedOf = (id: string): number => createHash('sha256').update(id).digest().readUInt32LE(0);

const luminance = (hexColor: string): number => {
  const ch = [1, 3, 5].map((i) => parseInt(hexColor.slice(i, i + 2), 16) / 255)
    .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * ch[0]! + 0.7152 * ch[1]! + 0.0722 * ch[2]!;
};
const contrast = (a: string, b: string): number => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
};

interface Box { x: number; y: number; w: number; h: number }
type Design = FlyerSpec['design'];

const BASE_HEIGHT: Record<Design['layout'], number> = { banner: 820, split: 900, ticket: 960, poster: 1020 };

/** Draws the layout's shapes and returns where the title and the other lines go, and on what colour. */
function drawLayout(ctx: SKRSContext2D, d: Design, h: number, rand: () => number): { title: Box; body: Box; titleOn: string; bodyOn: string } {
  const W = IMAGE_WIDTH;
  ctx.fillStyle = d.background;
  ctx.fillRect(0, 0, W, h);
  ctx.globalAlpha = 0.12; // confetti stays faint so it never competes with the text
  ctx.fillStyle = d.accent;
  for (let i = 0; i < 40; i++) {
    ctx.beginPath();
    ctx.arc(rand() * W, rand() * h, 4 + rand() * 26, 0, Math.PI * 2);
    ctx.fill();
  }
  ctx.globalAlpha = 1;
  const poly = (pts: number[][]): void => {
    ctx.beginPath();
    pts.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(x!, y!) : ctx.lineTo(x!, y!)));
    ctx.closePath();
    ctx.fill();
  };
  ctx.fillStyle = d.accent;
  switch (d.layout) {
    case 'banner': {
      const band = Math.round(h * 0.34);
      ctx.fillRect(0, 0, W, band);
      for (let x = 0; x < W; x += 48) poly([[x, band], [x + 24, band + 22], [x + 48, band]]);
      return { title: { x: 32, y: 40, w: W - 64, h: band - 80 }, body: { x: 28, y: band + 60, w: W - 56, h: h - band - 100 }, titleOn: d.accent, bodyOn: d.background };
    }
    case 'poster': {
      ctx.beginPath();
      ctx.arc(W - 60, 90, 170, 0, Math.PI * 2);
      ctx.fill();
      ctx.lineWidth = 14;
      ctx.strokeStyle = d.accent;
      ctx.strokeRect(24, 24, W - 48, h - 48);
      const split = Math.round(h * 0.42);
      ctx.fillRect(60, split, W - 120, 8);
      return { title: { x: 48, y: 280, w: W - 96, h: split - 310 }, body: { x: 44, y: split + 40, w: W - 88, h: h - split - 90 }, titleOn: d.background, bodyOn: d.background };
    }
    case 'split': {
      const cut = Math.round(h * 0.4);
      poly([[0, 0], [W, 0], [W, cut - 50], [0, cut + 50]]);
      ctx.fillStyle = d.background;
      for (let i = 0; i < 6; i++) ctx.fillRect(W - 150 + i * 22, 20, 10, 70);
      return { title: { x: 32, y: 110, w: W - 64, h: cut - 170 }, body: { x: 28, y: cut + 90, w: W - 56, h: h - cut - 130 }, titleOn: d.accent, bodyOn: d.background };
    }
    case 'ticket': {
      const t: Box = { x: 24, y: 60, w: W - 48, h: h - 120 };
      ctx.beginPath();
      ctx.roundRect(t.x, t.y, t.w, t.h, 28);
      ctx.fill();
      const perforation = t.y + Math.round(t.h * 0.3);
      ctx.fillStyle = d.background;
      for (const x of [t.x, t.x + t.w]) {
        ctx.beginPath();
        ctx.arc(x, perforation, 26, 0, Math.PI * 2);
        ctx.fill();
      }
      for (let x = t.x + 40; x < t.x + t.w - 40; x += 24) ctx.fillRect(x, perforation - 2, 12, 4);
      return { title: { x: t.x + 24, y: t.y + 40, w: t.w - 48, h: perforation - t.y - 80 }, body: { x: t.x + 20, y: perforation + 40, w: t.w - 40, h: t.y + t.h - perforation - 80 }, titleOn: d.accent, bodyOn: d.accent };
    }
  }
}

/** The largest cell size up to `maxCell` at which `lines` fit `box` (never below 2). */
function fitCell(lines: string[], box: Box, maxCell: number): number {
  const widest = Math.max(...lines.map((l) => measurePixelText(l, 1).width));
  let cell = Math.max(2, Math.min(maxCell, Math.floor(box.w / widest)));
  while (cell > 2 && blockHeight(lines.length, cell, Math.ceil(cell * 2.5)) > box.h) cell--;
  return cell;
}
const blockHeight = (n: number, cell: number, gap: number): number => n * 7 * cell + (n - 1) * gap;

/** Draws `lines` centred in `box` at one size; spare height widens the gaps so short blocks do not huddle. */
function drawBlock(ctx: SKRSContext2D, lines: string[], box: Box, maxCell: number, color: string): void {
  const cell = fitCell(lines, box, maxCell);
  const spare = box.h - blockHeight(lines.length, cell, Math.ceil(cell * 2.5));
  const gap = Math.ceil(cell * 2.5) + Math.min(cell * 4, Math.max(0, Math.floor(spare / (lines.length + 1))));
  let y = box.y + Math.max(0, Math.floor((box.h - blockHeight(lines.length, cell, gap)) / 2));
  for (const l of lines) {
    drawPixelText(ctx, l, box.x + Math.floor((box.w - measurePixelText(l, cell).width) / 2), y, cell, color);
    y += 7 * cell + gap;
  }
}

/** The title on one line, or split at the space that gives the largest text. */
function titleLayouts(title: string): string[][] {
  const options = [[title]];
  [...title].forEach((ch, i) => { if (ch === ' ') options.push([title.slice(0, i), title.slice(i + 1)]); });
  return options;
}

// ---- encoding to a target size ----------------------------------------------------

/** One generated fixture image, in memory. */
export interface RenderedImage {
  id: string; file: string; mime: string; data: Buffer; width: number; height: number;
}

const EXT = { webp: 'webp', jpeg: 'jpg', png: 'png' } as const;
const MIME = { webp: 'image/webp', jpeg: 'image/jpeg', png: 'image/png' } as const;
/** The max-size poster's own pixels aim here; the tEXt padding supplies the rest. */
const PADDED_PNG_BODY_BYTES = 470_000;

/**
 * Finds x in [lo, hi] whose encoding is closest to `target` bytes, assuming size
 * grows with x. Fixed steps keep the result (and so the bytes) reproducible.
 */
function searchSize(lo: number, hi: number, steps: number, integer: boolean, target: number, encodeAt: (x: number) => Buffer): { x: number; data: Buffer } {
  let best: { x: number; data: Buffer } | undefined;
  for (let i = 0; i < steps && lo <= hi; i++) {
    const x = integer ? Math.round((lo + hi) / 2) : (lo + hi) / 2;
    const data = encodeAt(x);
    if (!best || Math.abs(data.length - target) < Math.abs(best.data.length - target)) best = { x, data };
    if (Math.abs(data.length - target) <= target * 0.025) break;
    if (data.length < target) lo = integer ? x + 1 : x;
    else hi = integer ? x - 1 : x;
  }
  if (!best) throw new Error('empty search range');
  return best;
}

/** Renders and encodes one flyer; the same spec always yields the same bytes. */
export function renderFlyer(spec: FlyerSpec): RenderedImage {
  const seed = seedOf(spec.id);
  const rand = mulberry32(seed);
  const height = BASE_HEIGHT[spec.design.layout] + (seed % 5) * 16;
  const canvas: Canvas = createCanvas(IMAGE_WIDTH, height);
  const ctx = canvas.getContext('2d');
  const { title, body, titleOn, bodyOn } = drawLayout(ctx, spec.design, height, rand);
  const [first = '', ...rest] = spec.lines;
  const best = (on: string): string => (contrast(spec.design.ink, on) >= contrast(spec.design.background, on) ? spec.design.ink : spec.design.background);
  const titleLines = titleLayouts(first).map((ls) => ({ ls, cell: fitCell(ls, title, 12) }))
    .reduce((a, b) => (b.cell > a.cell ? b : a)).ls;
  drawBlock(ctx, titleLines, title, 12, best(titleOn));
  if (rest.length > 0) drawBlock(ctx, rest, body, 6, best(bodyOn));

  // Film-grain noise is what lets the encoders be pushed to a chosen size.
  const base = ctx.getImageData(0, 0, IMAGE_WIDTH, height);
  const img: ImageData = ctx.createImageData(IMAGE_WIDTH, height);
  const pixels = IMAGE_WIDTH * height;
  const grain = new Float32Array(pixels);
  const gate = new Float32Array(pixels);
  for (let p = 0; p < pixels; p++) { grain[p] = rand() * 2 - 1; gate[p] = rand(); }
  const texture = (amplitude: number, density: number): void => {
    const src = base.data;
    const dst = img.data;
    for (let p = 0, i = 0; p < pixels; p++, i += 4) {
      const n = gate[p]! < density ? Math.round(grain[p]! * amplitude) : 0;
      dst[i] = src[i]! + n; dst[i + 1] = src[i + 1]! + n; dst[i + 2] = src[i + 2]! + n; dst[i + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
  };
  // Unfiltered PNG rows: 5-10x faster to encode than the default filter search, with a smooth size curve.
  const encode = (quality: number): Buffer => spec.format === 'png'
    ? canvas.encodeSync('png', { compressionLevel: 6, filters: PngFilter.None })
    : canvas.encodeSync(spec.format, quality);

  const target = spec.targetBase64Chars !== undefined ? PADDED_PNG_BODY_BYTES : (spec.targetKb ?? 0) * BYTES_PER_KB;
  let data: Buffer;
  if (spec.format === 'png') {
    // Lossless: only the share of grained pixels moves the size.
    const amplitude = 8 + spec.design.texture * 24;
    data = searchSize(0, 0.7, 16, false, target, (density) => { texture(amplitude, density); return encode(0); }).data;
  } else {
    texture(4 + spec.design.texture * 28, 1);
    // Quality 100 switches WebP to lossless, whose size curve jumps, so stay below it.
    const byQuality = searchSize(20, 97, 8, true, target, encode);
    data = byQuality.data;
    if (Math.abs(data.length - target) > target * 0.05) {
      const byGrain = searchSize(0, 64, 12, false, target, (amplitude) => { texture(amplitude, 1); return encode(byQuality.x); });
      if (Math.abs(byGrain.data.length - target) < Math.abs(data.length - target)) data = byGrain.data;
    }
  }
  if (Math.abs(data.length - target) > target * SIZE_TOLERANCE) {
    throw new Error(`flyer "${spec.id}": best encoding is ${data.length} bytes, more than ${SIZE_TOLERANCE * 100}% from the ${target}-byte target`);
  }
  if (spec.targetBase64Chars !== undefined) data = padPngToBytes(data, bytesForBase64Length(spec.targetBase64Chars));
  return { id: spec.id, file: `${spec.id}.${EXT[spec.format]}`, mime: MIME[spec.format], data, width: IMAGE_WIDTH, height };
}

// ---- index and CLI ---------------------------------------------------------------

/** One row of `fixtures/images/index.json`. */
export interface IndexEntry {
  id: string; file: string; mime: string; bytes: number; base64Chars: number; sha256: string; width: number; height: number;
}
/** The shape of `fixtures/images/index.json`. */
export interface FixtureIndex { schemaVersion: 1; generator: string; images: IndexEntry[] }

/** Builds the index that describes `images`. */
export function buildIndex(images: RenderedImage[]): FixtureIndex {
  return {
    schemaVersion: 1,
    generator: 'scripts/make-fixtures.ts',
    images: images.map((im) => ({
      id: im.id, file: im.file, mime: im.mime, bytes: im.data.length, base64Chars: base64Length(im.data.length),
      sha256: createHash('sha256').update(im.data).digest('hex'), width: im.width, height: im.height,
    })),
  };
}

const indexText = (index: FixtureIndex): string => `${JSON.stringify(index, null, 2)}\n`;

/** True when index.json lists every flyer and each listed file exists with its recorded size. */
export function fixturesArePresent(specs: FlyerSpec[] = loadFlyerSpecs(), dir: string = IMAGES_DIR): boolean {
  try {
    const index = JSON.parse(readFileSync(`${dir}index.json`, 'utf8')) as FixtureIndex;
    const byId = new Map(index.images.map((e) => [e.id, e]));
    return specs.every((s) => {
      const e = byId.get(s.id);
      return e !== undefined && existsSync(`${dir}${e.file}`) && statSync(`${dir}${e.file}`).size === e.bytes;
    });
  } catch {
    return false;
  }
}

/** Renders every flyer and writes the images and index.json to `dir`. */
export function generateFixtures(specs: FlyerSpec[] = loadFlyerSpecs(), dir: string = IMAGES_DIR): { images: RenderedImage[]; index: FixtureIndex } {
  const images = specs.map(renderFlyer);
  const index = buildIndex(images);
  mkdirSync(dir, { recursive: true });
  for (const im of images) writeFileSync(`${dir}${im.file}`, im.data);
  writeFileSync(`${dir}index.json`, indexText(index));
  return { images, index };
}

/** Generates the fixtures unless they are already present; returns whether it generated. */
export function ensureFixtures(): boolean {
  const specs = loadFlyerSpecs();
  if (fixturesArePresent(specs)) return false;
  generateFixtures(specs);
  return true;
}

function summary(images: RenderedImage[], started: number): string {
  const sizes = images.map((im) => im.data.length);
  const total = sizes.reduce((a, b) => a + b, 0);
  return `fixtures: ${images.length} images, ${total} bytes total, min ${Math.min(...sizes)} max ${Math.max(...sizes)} bytes, ${Math.round(performance.now() - started)} ms`;
}

function main(argv: string[]): number {
  const started = performance.now();
  const specs = loadFlyerSpecs();
  if (argv.includes('--if-missing') && fixturesArePresent(specs)) {
    console.log(`fixtures: all ${specs.length} images present, ${Math.round(performance.now() - started)} ms`);
    return 0;
  }
  if (argv.includes('--check')) {
    const images = specs.map(renderFlyer);
    const stale = images.filter((im) => !existsSync(`${IMAGES_DIR}${im.file}`) || !readFileSync(`${IMAGES_DIR}${im.file}`).equals(im.data)).map((im) => im.file);
    if (!existsSync(INDEX_PATH) || readFileSync(INDEX_PATH, 'utf8') !== indexText(buildIndex(images))) stale.push('index.json');
    console.log(summary(images, started));
    if (stale.length > 0) {
      console.error(`fixtures: ${stale.length} file(s) differ from a fresh render: ${stale.join(', ')}`);
      return 1;
    }
    console.log('fixtures: files on disk match a fresh render');
    return 0;
  }
  console.log(summary(generateFixtures(specs).images, started));
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  }
}
