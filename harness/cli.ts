import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A parser of numeric command-line values that fails with the command's own option error,
 * naming the option and quoting the value. `undefined` (not given) passes through.
 */
export function numberParser(fail: (name: string, value: string, why: string) => Error): (name: string, value: string | undefined) => number | undefined {
  return (name, value) => {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n)) throw fail(name, value, 'must be a number');
    return n;
  };
}

/** Writes a run's JSON and, beside it (same name, `.md`), its Markdown; returns the Markdown's path. */
export function writeJsonAndMarkdown(jsonFile: string, data: unknown, markdown: string): string {
  mkdirSync(path.dirname(jsonFile), { recursive: true });
  writeFileSync(jsonFile, `${JSON.stringify(data, null, 1)}\n`);
  const mdFile = jsonFile.replace(/\.json$/i, '') + '.md';
  writeFileSync(mdFile, markdown);
  return mdFile;
}
