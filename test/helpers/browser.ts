import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { describe } from 'vitest';

/** Debian's chromium; no tool downloads a browser of its own. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}

/**
 * `describe` for tests that need a browser. Without chromium they are skipped with a visible
 * reason, but only outside CI: with `CI` set they run, and fail.
 */
export function describeWithBrowser(name: string, body: () => void): void {
  if (existsSync(CHROMIUM) || process.env.CI) {
    describe(name, body);
  } else {
    describe.skip(`${name} [skipped: no browser at ${CHROMIUM}; apt-get install chromium, CI runs these]`, body);
    process.stderr.write(`note: skipping "${name}": no chromium at ${CHROMIUM} (set CI=1 to make this a failure)\n`);
  }
}
