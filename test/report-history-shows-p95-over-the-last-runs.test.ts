import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadHistory, saveToHistory } from '../harness/report/history.ts';
import { historyTable } from '../harness/report/report-tables.ts';
import { resultsFixture } from './helpers/results-fixture.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'history-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the history of runs', () => {
  it('keeps each run by time and commit and shows how each p95 moved, oldest first', () => {
    const first = resultsFixture();
    const second = { ...resultsFixture(), startedAt: '2026-12-04T00:00:00.000Z' };
    second.cells = second.cells.map((c) => (c.scenario === 'single' && c.variant === 'direct' && c.metric === 'notified' ? { ...c, profile: { ...c.profile, p95: 4321 } } : c));
    expect(path.basename(saveToHistory(first, dir))).toBe('2026-12-03T00-00-00-000Z-abcdef0.json');
    saveToHistory(second, dir);
    writeFileSync(path.join(dir, 'zz-broken.json'), '{ not json');
    const history = loadHistory(dir, 8);
    expect(history.map((h) => h.startedAt)).toEqual(['2026-12-03T00:00:00.000Z', '2026-12-04T00:00:00.000Z']);
    const table = historyTable(history);
    expect(table.header).toEqual(['cell', '2026-12-03 00:00 abcdef0 ×0.1', '2026-12-04 00:00 abcdef0 ×0.1']);
    const row = table.rows.find((r) => r[0] === 'single/single/direct notified')!;
    expect(row[2]).toBe('4.32');
    expect(row[1]).not.toBe('4.32');
    expect(loadHistory(dir, 1)).toHaveLength(1);
    expect(loadHistory(path.join(dir, 'missing'), 8)).toEqual([]);
  });
});
