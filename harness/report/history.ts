import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ResultsFile } from '../results.ts';

/** What a past run keeps: enough to show how each cell moved. */
export interface HistoryEntry {
  startedAt: string;
  commit: string | null;
  preset: string;
  timeScale: number;
  profile: string | null;
  cells: { key: string; n: number; p50: number | null; p95: number | null }[];
}

const TRACKED = new Set(['notified', 'makespan']);

/** A run as a history entry. Pure. */
export function historyEntry(results: ResultsFile): HistoryEntry {
  return {
    startedAt: results.startedAt,
    commit: (results.environment.gitCommit as string | null) ?? null,
    preset: String(results.config.preset ?? ''),
    timeScale: results.timeScale,
    profile: (results.environment.profile as string | null) ?? null,
    cells: results.cells
      .filter((c) => TRACKED.has(c.metric))
      .map((c) => ({ key: `${c.scenario}/${c.workload}/${c.variant} ${c.metric}`, n: c.profile.n, p50: c.profile.p50, p95: c.profile.p95 })),
  };
}

/** Keeps a run under `dir`, named by its time and commit. */
export function saveToHistory(results: ResultsFile, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const entry = historyEntry(results);
  const file = path.join(dir, `${entry.startedAt.replace(/[:.]/g, '-')}-${(entry.commit ?? 'nocommit').slice(0, 7)}.json`);
  writeFileSync(file, `${JSON.stringify(entry)}\n`);
  return file;
}

/** The last `limit` runs kept under `dir`, oldest first; unreadable files are skipped. */
export function loadHistory(dir: string, limit: number): HistoryEntry[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  } catch {
    return [];
  }
  const entries: HistoryEntry[] = [];
  for (const file of files.reverse()) {
    if (entries.length >= limit) break;
    try {
      const entry = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as HistoryEntry;
      if (typeof entry.startedAt === 'string' && Array.isArray(entry.cells)) entries.push(entry);
    } catch {
      // A half-written or foreign file: not history.
    }
  }
  return entries.reverse();
}
