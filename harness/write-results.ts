import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ResultsFile } from './results.ts';

/** Writes a results file (the input of every report). */
export function writeResults(results: ResultsFile, out: string): string {
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results, null, 1)}\n`);
  return out;
}
