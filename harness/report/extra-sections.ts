import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LOAD_SCHEMA_VERSION, type LoadResults } from '../load/run-load.ts';
import { loadTables } from '../load/render-load.ts';
import { MICRO_SCHEMA_VERSION, type MicroResults } from '../micro/micro-results.ts';
import { microTables } from '../micro/render-micro.ts';
import type { ReportTable } from './report-tables.ts';

function readJson<T extends { schemaVersion?: unknown }>(file: string, version: number): T | null {
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as T;
    return data.schemaVersion === version ? data : null;
  } catch {
    return null;
  }
}

/**
 * The report's sections from the other runs, when their results sit beside the bench's:
 * `load.json` (npm run bench:load) and `micro.json` (npm run bench:micro). Each table's
 * caption says when it was measured, since those runs are not this one.
 */
export function extraSections(dir: string): ReportTable[] {
  const load = readJson<LoadResults>(path.join(dir, 'load.json'), LOAD_SCHEMA_VERSION);
  const micro = readJson<MicroResults>(path.join(dir, 'micro.json'), MICRO_SCHEMA_VERSION);
  const stamp = (tables: ReportTable[], when: string, command: string) => tables.map((t) => ({ ...t, caption: `${t.caption ? `${t.caption}; ` : ''}measured ${when} by ${command}` }));
  return [...(load ? stamp(loadTables(load), load.startedAt, 'npm run bench:load') : []), ...(micro ? stamp(microTables(micro), micro.environment.time, 'npm run bench:micro') : [])];
}
