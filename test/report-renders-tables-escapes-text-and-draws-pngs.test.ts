import { createCanvas, loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { loadClaims } from '../harness/claims.ts';
import { buildComparisonTable } from '../harness/comparison-table.ts';
import { CHART_PLUGINS_SOURCE } from '../harness/report/chart-plugins.ts';
import { chartSpecs } from '../harness/report/chart-specs.ts';
import { escapeHtml, jsonForScript, renderHtml } from '../harness/report/render-html.ts';
import { markdownTable } from '../harness/report/render-markdown.ts';
import { CHART_HEIGHT, CHART_WIDTH, renderPng } from '../harness/report/render-png.ts';
import { reportTables } from '../harness/report/report-tables.ts';
import { percentile } from '../harness/stats.ts';
import { HOSTILE_EVENT_NAME, HOSTILE_REASON, resultsFixture } from './helpers/results-fixture.ts';

const results = resultsFixture();
const tables = reportTables(results, buildComparisonTable(loadClaims(), results.cells), []);
const table = (id: string) => tables.find((t) => t.id === id)!;

describe('report tables', () => {
  it('show each measured p50 and p95 beside its claim and verdict', () => {
    const comparison = table('comparison');
    expect(comparison.header).toEqual(['Operation', 'Workflow', 'Direct', 'Optimized Direct']);
    const direct = results.samples.filter((s) => s.scenario === 'single' && s.variant === 'direct' && s.outcome === 'succeeded').map((s) => s.notifiedMs! / results.timeScale);
    const match = /^([\d.]+) s \/ ([\d.]+) s · claim ~2-3s: (consistent|slower than claimed|faster than claimed)$/.exec(comparison.rows[0]![2]!);
    expect(match).not.toBeNull();
    expect(Number(match![1]) * 1000).toBeCloseTo(percentile(direct, 50), -1);
    expect(Number(match![2]) * 1000).toBeCloseTo(percentile(direct, 95), -1);
    // The duplicate on the optimized path: ~65 ms wall at scale 0.1 is ~0.65 s, slower than ~0.1s.
    expect(comparison.rows[3]![3]).toMatch(/^0\.6\d s \/ 0\.\d\d s · claim ~0\.1s \(when cached\): slower than claimed$/);
    // Batches are the whole batch, five of them: p95 needs twenty.
    expect(comparison.rows[2]![2]).toMatch(/ s \/ – \(n=5\) · claim ~40-60s: /);
  });

  it('count cache hits, AI calls saved and failures by reason', () => {
    expect(table('cache').rows.find((r) => r[0] === 'duplicate/duplicate')).toEqual(['duplicate/duplicate', '40', '20', '20', '0', '50%', '40', '0%']);
    expect(table('failures').rows).toContainEqual(['single/single', HOSTILE_REASON, '1']);
    expect(table('failures').caption).toMatch(/ 1 failed, 0 timed out$/);
    expect(table('ablation-single').rows.find((r) => r[0] === 'direct+parallel')![3]).toMatch(/^-13% \(/);
  });

  it('keep Markdown tables intact whatever the text holds', () => {
    const md = markdownTable({ id: 't', title: 'T', header: ['a', 'b'], rows: [['x | y', 'line\nbreak']] });
    expect(md).toContain('| x \\| y | line break |');
  });

  it('show markup from data as text in Markdown too (a pull-request comment renders HTML)', () => {
    const md = markdownTable({ id: 't', title: 'T', header: ['event'], rows: [[HOSTILE_EVENT_NAME]] });
    expect(md).toContain('&lt;img src=x onerror="window.__injected=1">');
    expect(md).not.toContain('<img');
    expect(markdownTable({ id: 't', title: 'T', header: ['x'], rows: [['p95 = 3 ms <= 6 ms, &amp; &#60;b']] })).toContain('p95 = 3 ms <= 6 ms, &amp;amp; &amp;#60;b');
  });
});

describe('escaping', () => {
  it('turns markup in data into text', () => {
    expect(escapeHtml(HOSTILE_EVENT_NAME)).toBe('&lt;img src=x onerror=&quot;window.__injected=1&quot;&gt;');
    expect(jsonForScript({ text: '</script><script>alert(1)</script>' })).not.toMatch(/<\/?script/i);
    const html = renderHtml({ results, tables, charts: [], chartJsSource: '', pluginsSource: CHART_PLUGINS_SOURCE, nonce: 'n0nce' });
    expect(html).toContain(escapeHtml(HOSTILE_EVENT_NAME));
    expect(html).not.toContain(HOSTILE_EVENT_NAME);
    expect(html).not.toContain('<script>window.__injected');
    expect(html).toContain(`script-src 'nonce-n0nce'`);
    expect(html.match(/<script\b/g)!.length).toBe(3);
  });
});

describe('charts', () => {
  const specs = chartSpecs(results, loadClaims());

  it('are the five of the report, titled, with axis titles', () => {
    expect(specs.map((s) => s.id)).toEqual(['latency-by-scenario', 'notified-cdf', 'batch-20-timeline', 'where-time-goes', 'ablation']);
    for (const spec of specs) {
      const scales = spec.config.options.scales as Record<string, { title: { text: string } }>;
      expect(scales.x!.title.text).not.toBe('');
      expect(scales.y!.title.text).not.toBe('');
    }
  });

  it.each(specs.map((s) => [s.id, s] as const))('%s renders to a valid, non-blank PNG of the expected size', async (_id, spec) => {
    const png = renderPng(spec);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.readUInt32BE(16)).toBe(CHART_WIDTH);
    expect(png.readUInt32BE(20)).toBe(CHART_HEIGHT);
    const image = await loadImage(png);
    const canvas = createCanvas(CHART_WIDTH, CHART_HEIGHT);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(image, 0, 0);
    const { data } = ctx.getImageData(0, 0, CHART_WIDTH, CHART_HEIGHT);
    let coloured = 0;
    let transparent = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3]! < 255) transparent++;
      else if (data[i]! < 240 || data[i + 1]! < 240 || data[i + 2]! < 240) coloured++;
    }
    // A white background everywhere, and a real share of the picture drawn on it.
    expect(transparent).toBe(0);
    expect(coloured / (CHART_WIDTH * CHART_HEIGHT)).toBeGreaterThan(0.01);
  });
});
