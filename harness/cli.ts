import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** A command-line or harness option that cannot be used: names it, quotes the value, says why. */
export class OptionValueError extends Error {
  constructor(option: string, value: unknown, why: string) {
    super(`${option} ${JSON.stringify(value)}: ${why}`);
    this.name = 'OptionValueError';
  }
}

/** Parses a numeric command-line value of `--name`; `undefined` (not given) passes through. */
export function parseNumberOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new OptionValueError(`--${name}`, value, 'must be a number');
  return n;
}

/** The options that were given: those left `undefined` are dropped, so a default applies. */
export function givenOptions<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Writes a run's JSON and, beside it (same name, `.md`), its Markdown; returns the Markdown's path. */
export function writeJsonAndMarkdown(jsonFile: string, data: unknown, markdown: string): string {
  mkdirSync(path.dirname(jsonFile), { recursive: true });
  writeFileSync(jsonFile, `${JSON.stringify(data, null, 1)}\n`);
  const mdFile = jsonFile.replace(/\.json$/i, '') + '.md';
  writeFileSync(mdFile, markdown);
  return mdFile;
}
