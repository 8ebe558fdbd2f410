import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { EventMetadata, ExtractedEvent } from '../pipeline/event-schema.ts';
import type { FailureReason } from '../pipeline/failure.ts';
import type { ImageMime } from '../pipeline/image-check.ts';

export const FIXTURES_DIR = fileURLToPath(new URL('../../fixtures/', import.meta.url));
export const IMAGES_DIR = `${FIXTURES_DIR}images/`;

/** One fixture flyer: its image and what extracting it must give. */
export interface Flyer {
  id: string;
  file: string;
  mime: ImageMime;
  bytes: number;
  base64Chars: number;
  sha256: string;
  expected: { event: ExtractedEvent; metadata: EventMetadata; rejection?: FailureReason };
}

interface FlyerSpec {
  id: string;
  expected: Flyer['expected'];
}

interface ImageIndexEntry {
  id: string;
  file: string;
  mime: ImageMime;
  bytes: number;
  base64Chars: number;
  sha256: string;
}

/** The fixture flyers with their expected answers, looked up by id or by image hash. */
export class FlyerCatalog {
  private readonly bySha = new Map<string, Flyer>();
  private readonly byId = new Map<string, Flyer>();

  constructor(readonly flyers: readonly Flyer[]) {
    for (const flyer of flyers) {
      this.bySha.set(flyer.sha256, flyer);
      this.byId.set(flyer.id, flyer);
    }
  }

  bySha256(sha256: string): Flyer | undefined {
    return this.bySha.get(sha256);
  }

  get(id: string): Flyer {
    const flyer = this.byId.get(id);
    if (!flyer) throw new Error(`no fixture flyer ${JSON.stringify(id)}`);
    return flyer;
  }

  /** The flyers that are events (not the deliberate non-events). */
  events(): Flyer[] {
    return this.flyers.filter((f) => f.expected.rejection === undefined);
  }

  /** The image as base64, read from disk on each call (the catalog keeps no image bytes). */
  base64(flyer: Flyer): string {
    return readFileSync(IMAGES_DIR + flyer.file).toString('base64');
  }
}

/**
 * Loads `fixtures/flyers.json` and the generated `fixtures/images/index.json`. The images are
 * made by `npm run fixtures`; a missing index says so instead of failing later.
 */
export function loadFlyerCatalog(): FlyerCatalog {
  const specs = (JSON.parse(readFileSync(`${FIXTURES_DIR}flyers.json`, 'utf8')) as { flyers: FlyerSpec[] }).flyers;
  let index: { images: ImageIndexEntry[] };
  try {
    index = JSON.parse(readFileSync(`${IMAGES_DIR}index.json`, 'utf8')) as { images: ImageIndexEntry[] };
  } catch {
    throw new Error('fixture images are missing: run `npm run fixtures` (npm start and npm test do it for you)');
  }
  const images = new Map(index.images.map((image) => [image.id, image]));
  return new FlyerCatalog(
    specs.map((spec) => {
      const image = images.get(spec.id);
      if (!image) throw new Error(`fixture image for ${spec.id} is missing: run \`npm run fixtures\``);
      return { ...image, expected: spec.expected };
    }),
  );
}
