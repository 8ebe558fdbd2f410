import { createCanvas } from '@napi-rs/canvas';
import { Chart, registerables, type ChartConfiguration } from 'chart.js';
import { loadChartPlugins } from './chart-plugins.ts';
import type { ChartSpec } from './chart-specs.ts';

Chart.register(...registerables);
const plugins = loadChartPlugins();

export const CHART_WIDTH = 960;
export const CHART_HEIGHT = 540;

/** Draws a chart spec to a PNG on @napi-rs/canvas (no browser, no system libraries). */
export function renderPng(spec: ChartSpec, width = CHART_WIDTH, height = CHART_HEIGHT): Buffer {
  const canvas = createCanvas(width, height);
  const config = {
    ...spec.config,
    options: { ...spec.config.options, responsive: false, animation: false, devicePixelRatio: 1 },
    plugins: [plugins.background, plugins.errorBars],
  } as unknown as ChartConfiguration;
  const chart = new Chart(canvas.getContext('2d') as unknown as ConstructorParameters<typeof Chart>[0], config);
  try {
    return canvas.toBuffer('image/png');
  } finally {
    chart.destroy();
  }
}
