/**
 * Renders the flyer fixture images described by `fixtures/flyers.json` into
 * `fixtures/images/`, plus an `index.json` with sizes and hashes.
 *
 * Usage: `tsx scripts/make-fixtures.ts [--if-missing | --check]`
 *   --if-missing  do nothing when every image is present and index.json's
 *                 specSha256 matches flyers.json; otherwise regenerate
 *   --check       render in memory and exit 1 if any file on disk differs
 *
 * Everything is deterministic (pixel font, seeded noise, fixed search steps), so
 * the images need not be committed: any machine with the same encoder builds
 * regenerates the same bytes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { renderFlyer, type RenderedImage } from './fixtures/draw-flyer.ts';
import { buildIndex, fixturesArePresent, generateFixtures, IMAGES_DIR, INDEX_PATH, indexText } from './fixtures/fixture-index.ts';
import { flyerSpecsSha256, loadFlyerSpecs } from './fixtures/flyer-specs.ts';

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
    if (!existsSync(INDEX_PATH) || readFileSync(INDEX_PATH, 'utf8') !== indexText(buildIndex(images, flyerSpecsSha256()))) stale.push('index.json');
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
