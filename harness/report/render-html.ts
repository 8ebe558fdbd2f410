import type { ResultsFile } from '../results.ts';
import type { ChartSpec } from './chart-specs.ts';
import type { ReportTable } from './report-tables.ts';

/** Text as HTML: every character that could open markup is escaped. Pure. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JSON that can sit inside a <script> element: nothing in it can close the element. Pure. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Script source that cannot close its own element early. */
function scriptSource(source: string): string {
  return source.replace(/<\/script/gi, '<\\/script').replace(/<!--/g, '<\\!--');
}

export interface HtmlInput {
  results: ResultsFile;
  tables: readonly ReportTable[];
  charts: readonly { spec: ChartSpec; pngBase64: string }[];
  chartJsSource: string;
  pluginsSource: string;
  /** A fresh value per render: only scripts carrying it may run (Content-Security-Policy). */
  nonce: string;
  /** The gate's verdict, once there is one. */
  gate?: { passed: boolean; lines: string[] };
}

const STYLE = `
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; color: #1d1d1f; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
table { border-collapse: collapse; width: 100%; font-size: 13px; margin: .5rem 0 1rem; }
th, td { border: 1px solid #d0d0d5; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f3f3f6; } tr:nth-child(even) td { background: #fafafc; }
figure { margin: 1.5rem 0; } figcaption { color: #555; font-size: 13px; max-width: 960px; }
canvas, .fallback { max-width: 100%; border: 1px solid #e3e3e8; }
.verdict-pass { color: #0a7d32; font-weight: 600; } .verdict-fail { color: #b3261e; font-weight: 600; }
.summary { background: #f3f3f6; padding: .75rem 1rem; border-radius: 6px; }
`;

function htmlTable(table: ReportTable): string {
  const row = (cells: string[], tag: 'td' | 'th') => `<tr>${cells.map((c) => `<${tag}>${escapeHtml(c)}</${tag}>`).join('')}</tr>`;
  return [
    `<section id="table-${escapeHtml(table.id)}">`,
    `<h2>${escapeHtml(table.title)}</h2>`,
    table.caption ? `<p>${escapeHtml(table.caption)}.</p>` : '',
    '<table>',
    table.header.some((h) => h !== '') ? `<thead>${row(table.header, 'th')}</thead>` : '',
    `<tbody>${table.rows.map((r) => row(r, 'td')).join('')}</tbody>`,
    '</table>',
    '</section>',
  ].join('\n');
}

function figure({ spec, pngBase64 }: { spec: ChartSpec; pngBase64: string }): string {
  const id = escapeHtml(spec.id);
  return [
    `<figure id="figure-${id}">`,
    `<canvas id="chart-${id}" width="960" height="540" role="img" aria-label="${escapeHtml(spec.title)}"></canvas>`,
    `<noscript><img class="fallback" src="data:image/png;base64,${pngBase64}" alt="${escapeHtml(spec.title)}" width="960" height="540"></noscript>`,
    `<figcaption>${escapeHtml(spec.caption)} <a download="${id}.png" href="data:image/png;base64,${pngBase64}">PNG</a></figcaption>`,
    '</figure>',
  ].join('\n');
}

/** `index.html`: one self-contained file (styles, data, chart.js and fallbacks inlined). Pure. */
export function renderHtml(input: HtmlInput): string {
  const { results, nonce } = input;
  const t = results.totals;
  const csp = `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; img-src data:`;
  const gate = input.gate
    ? `<p class="${input.gate.passed ? 'verdict-pass' : 'verdict-fail'}">Gate: ${input.gate.passed ? 'passed' : 'FAILED'}</p><ul>${input.gate.lines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>`
    : '';
  const specs = input.charts.map((c) => ({ id: c.spec.id, config: c.spec.config }));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bench report ${escapeHtml(results.startedAt)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>Image-to-event pipeline bench: ${escapeHtml(results.startedAt)}</h1>
<p class="summary">Profile ${escapeHtml(String(results.config.profile ?? 'target'))}, seed ${escapeHtml(String(results.config.seed))}, time scale ${escapeHtml(String(results.timeScale))}; ${t.sent} images: ${t.succeeded} succeeded, ${t.failed} failed, ${t.timedOut} timed out; wall time ${(results.wallMs / 1000).toFixed(1)} s; commit ${escapeHtml(String(results.environment.gitCommit ?? 'unknown'))}.</p>
${gate}
</header>
<main>
${input.tables.slice(0, 1).map(htmlTable).join('\n')}
<section id="charts">
${input.charts.map(figure).join('\n')}
</section>
${input.tables.slice(1).map(htmlTable).join('\n')}
</main>
<script nonce="${nonce}" type="application/json" id="chart-data">${jsonForScript(specs)}</script>
<script nonce="${nonce}">${scriptSource(input.chartJsSource)}</script>
<script nonce="${nonce}">
(function () {
  const plugins = ${scriptSource(input.pluginsSource)};
  const specs = JSON.parse(document.getElementById('chart-data').textContent);
  for (const spec of specs) {
    const canvas = document.getElementById('chart-' + spec.id);
    const options = Object.assign({}, spec.config.options, { responsive: false, animation: false });
    new Chart(canvas, { type: spec.config.type, data: spec.config.data, options: options, plugins: [plugins.background, plugins.errorBars] });
  }
  document.body.dataset.chartsDrawn = String(specs.length);
})();
</script>
</body>
</html>
`;
}
