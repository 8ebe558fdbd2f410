/**
 * The two chart.js plugins every chart uses, as JavaScript source: evaluated here to draw PNGs
 * and inlined into the HTML to draw the interactive charts, so both draw alike.
 * `background` paints the canvas white; `errorBars` draws whiskers from
 * `options.plugins.errorBars.bars[datasetIndex][pointIndex] = [low, high]`.
 */
export const CHART_PLUGINS_SOURCE = `({
  background: {
    id: 'background',
    beforeDraw(chart) {
      const ctx = chart.ctx;
      ctx.save();
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, chart.width, chart.height);
      ctx.restore();
    },
  },
  errorBars: {
    id: 'errorBars',
    afterDatasetsDraw(chart, args, options) {
      const bars = options && options.bars;
      if (!bars) return;
      const ctx = chart.ctx;
      ctx.save();
      ctx.strokeStyle = '#222222';
      ctx.lineWidth = 1.5;
      for (const key of Object.keys(bars)) {
        const index = Number(key);
        if (!chart.isDatasetVisible(index)) continue;
        const meta = chart.getDatasetMeta(index);
        const scale = meta.vScale;
        const horizontal = scale.axis === 'x';
        meta.data.forEach((element, j) => {
          const range = bars[key][j];
          if (!range) return;
          const low = scale.getPixelForValue(range[0]);
          const high = scale.getPixelForValue(range[1]);
          const half = Math.max(2, ((horizontal ? element.height : element.width) || 8) / 4);
          const at = horizontal ? element.y : element.x;
          const line = (a, b, c, d) => { ctx.moveTo(horizontal ? b : a, horizontal ? a : b); ctx.lineTo(horizontal ? d : c, horizontal ? c : d); };
          ctx.beginPath();
          line(at, low, at, high);
          line(at - half, low, at + half, low);
          line(at - half, high, at + half, high);
          ctx.stroke();
        });
      }
      ctx.restore();
    },
  },
})`;

export interface ChartPlugins {
  background: { id: string };
  errorBars: { id: string };
}

export function loadChartPlugins(): ChartPlugins {
  return new Function(`return ${CHART_PLUGINS_SOURCE};`)() as ChartPlugins;
}
