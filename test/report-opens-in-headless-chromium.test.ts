import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { writeReport } from '../harness/report/write-report.ts';
import { describeWithBrowser, launchChromium } from './helpers/browser.ts';
import { HOSTILE_EVENT_NAME, HOSTILE_REASON, resultsFixture } from './helpers/results-fixture.ts';

// These run in the page, not in Node: the project compiles without the DOM library.
declare const document: { querySelectorAll(selector: string): Iterable<any> };
declare const window: unknown;

const dir = mkdtempSync(path.join(os.tmpdir(), 'report-browser-'));
let browser: Browser | undefined;

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

describeWithBrowser('the HTML report in headless Chromium', () => {
  beforeAll(async () => {
    browser = await launchChromium();
  });

  it('draws every chart, makes no request, logs no error, runs no injected script, and answers a hover', async () => {
    const files = writeReport(resultsFixture(), dir, null);
    const page = await browser!.newPage({ viewport: { width: 1200, height: 900 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    const url = pathToFileURL(files.html).href;
    page.on('request', (request) => {
      if (request.url() !== url) requests.push(request.url());
    });
    await page.goto(url);
    await page.waitForSelector('body[data-charts-drawn="5"]', { timeout: 10_000 });

    const drawn = await page.evaluate(() =>
      [...document.querySelectorAll('canvas')].map((canvas: any) => {
        const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
        let coloured = 0;
        for (let i = 0; i < data.length; i += 4) if (data[i + 3]! > 0 && (data[i]! < 240 || data[i + 1]! < 240 || data[i + 2]! < 240)) coloured++;
        return { id: canvas.id, share: coloured / (canvas.width * canvas.height) };
      }),
    );
    expect(drawn.map((d) => d.id)).toEqual(['chart-latency-by-scenario', 'chart-notified-cdf', 'chart-batch-20-timeline', 'chart-where-time-goes', 'chart-ablation']);
    for (const d of drawn) expect(d.share, d.id).toBeGreaterThan(0.01);

    // Hovering a bar activates chart.js's tooltip: the chart is live, not a picture.
    const point = await page.evaluate(() => {
      const chart = (window as unknown as { Chart: { getChart(id: string): any } }).Chart.getChart('chart-latency-by-scenario');
      const bar = chart.getDatasetMeta(0).data[0];
      return { x: bar.x, y: (bar.y + bar.base) / 2 };
    });
    const box = (await page.locator('#chart-latency-by-scenario').boundingBox())!;
    await page.mouse.move(box.x + point.x, box.y + point.y);
    const active = await page.evaluate(() => (window as unknown as { Chart: { getChart(id: string): any } }).Chart.getChart('chart-latency-by-scenario').tooltip.getActiveElements().length);
    expect(active).toBeGreaterThan(0);

    // Markup in data shows as text and never runs.
    expect(await page.evaluate(() => (window as unknown as { __injected?: number }).__injected)).toBeUndefined();
    expect(await page.getByText(HOSTILE_EVENT_NAME, { exact: true }).count()).toBe(1);
    expect(await page.getByText(HOSTILE_REASON, { exact: true }).count()).toBe(1);

    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    mkdirSync('reports', { recursive: true });
    await page.screenshot({ path: path.join('reports', 'report-screenshot.png'), fullPage: true });
    await page.close();
  }, 60_000);
});
