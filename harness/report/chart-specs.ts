import type { Claims } from '../claims.ts';
import type { ResultsFile } from '../results.ts';
import type { Sample } from '../samples.ts';
import { CATEGORIES } from '../time-breakdown.ts';

/**
 * The report's charts as chart.js configurations made of plain data (no functions), so the same
 * object draws the PNG on the server and the interactive chart in the HTML. Pure.
 */
export interface ChartSpec {
  id: string;
  title: string;
  /** What a reader learns from it, and how it was made. */
  caption: string;
  config: { type: string; data: unknown; options: Record<string, unknown> };
}

const PATH_COLORS: Record<string, string> = { workflow: '#7b61ff', direct: '#e4572e', optimized: '#17a398' };
const PALETTE = ['#e4572e', '#17a398', '#7b61ff', '#f3a712', '#29335c', '#a8c686', '#db2b39', '#669bbc', '#8d6a9f', '#4f5d75'];
const colorOf = (variant: string, i: number) => PATH_COLORS[variant] ?? PALETTE[i % PALETTE.length]!;
const lighter = (hex: string) => `${hex}80`;
const toS = (ms: number) => Math.round(ms) / 1000;

function axis(title: string, extra: Record<string, unknown> = {}) {
  return { title: { display: true, text: title }, ...extra };
}

function base(title: string, x: Record<string, unknown>, y: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    plugins: { title: { display: true, text: title, font: { size: 16 } }, legend: { display: true, position: 'bottom' }, ...((extra.plugins as object) ?? {}) },
    scales: { x, y },
    ...Object.fromEntries(Object.entries(extra).filter(([k]) => k !== 'plugins')),
  };
}

const measured = (results: ResultsFile, scenario: string, workload: string) =>
  results.samples.filter((s) => s.scenario === scenario && s.workload === workload && !s.warmup && s.outcome === 'succeeded' && s.notifiedMs !== null);

/** 1. p50 and p95 of each table row and path, with the bootstrap interval of each. */
export function latencyBars(results: ResultsFile, claims: Claims): ChartSpec {
  const datasets: unknown[] = [];
  const bars: Record<number, ([number, number] | null)[]> = {};
  claims.columns.forEach((column, i) => {
    for (const percentile of ['p50', 'p95'] as const) {
      const cells = claims.rows.map((row) => results.cells.find((c) => c.scenario === row.scenario && c.workload === row.workload && c.variant === column.variant && c.metric === row.metric)?.profile);
      bars[datasets.length] = cells.map((d) => {
        const ci = percentile === 'p50' ? d?.ciP50 : d?.ciP95;
        return ci ? [toS(ci[0]), toS(ci[1])] : null;
      });
      const color = colorOf(column.variant, i);
      datasets.push({
        label: `${column.label} ${percentile}`,
        data: cells.map((d) => (d?.[percentile] == null ? null : toS(d[percentile]!))),
        backgroundColor: percentile === 'p50' ? color : lighter(color),
        borderColor: color,
        borderWidth: 1,
      });
    }
  });
  return {
    id: 'latency-by-scenario',
    title: 'Notified p50 and p95 per scenario and path',
    caption: 'Each bar is a measured percentile of the time from the request to the notification (batches: the whole batch), with its bootstrap 95% interval as a whisker; a missing bar had too few samples. Log scale, profile seconds.',
    config: {
      type: 'bar',
      data: { labels: claims.rows.map((r) => r.label), datasets },
      options: base('Notified p50 and p95 per scenario and path', axis('scenario'), axis('profile seconds (log scale)', { type: 'logarithmic' }), { plugins: { errorBars: { bars } } }),
    },
  };
}

/** 2. The cumulative distribution of single-image `notified` per path. */
export function notifiedCdf(results: ResultsFile): ChartSpec {
  const samples = measured(results, 'single', 'single');
  const variants = [...new Set(samples.map((s) => s.variant))];
  const datasets = variants.map((variant, i) => {
    const sorted = samples.filter((s) => s.variant === variant).map((s) => s.notifiedMs! / results.timeScale).sort((a, b) => a - b);
    return {
      label: variant,
      data: sorted.map((ms, k) => ({ x: toS(ms), y: Math.round(((k + 1) / sorted.length) * 1000) / 10 })),
      borderColor: colorOf(variant, i),
      backgroundColor: colorOf(variant, i),
      showLine: true,
      stepped: true,
      pointRadius: 2,
    };
  });
  return {
    id: 'notified-cdf',
    title: 'Single image: distribution of notified per path',
    caption: 'For each path, the share of single images notified within a given time: a curve further left is faster, a long flat tail is a slow p95.',
    config: {
      type: 'scatter',
      data: { datasets },
      options: base('Single image: distribution of notified per path', axis('notified, profile seconds', { type: 'linear' }), axis('images notified within x, %', { min: 0, max: 100 })),
    },
  };
}

/** 3. One twenty-image batch per strategy: when each image was notified. */
export function batchTimeline(results: ResultsFile): ChartSpec {
  const sources: [string, string, string][] = [
    ['ablation', 'batch-20', 'direct+chunk'],
    ['ablation', 'batch-20', 'direct+pool'],
    ['batch-20', 'batch-20', 'direct'],
    ['batch-20', 'batch-20', 'optimized'],
    ['batch-20', 'batch-20', 'workflow'],
  ];
  const names: Record<string, string> = { 'direct+chunk': 'chunks of 5 (direct+chunk)', 'direct+pool': 'pool of 5 (direct+pool)', direct: 'one by one (direct)', optimized: 'pool, all optimisations (optimized)', workflow: 'all at once (workflow)' };
  const datasets = sources.flatMap(([scenario, workload, variant], i) => {
    const samples = measured(results, scenario, workload).filter((s) => s.variant === variant);
    const first = Math.min(...samples.map((s) => s.repetition));
    const times = samples.filter((s) => s.repetition === first).map((s) => s.notifiedMs! / results.timeScale).sort((a, b) => a - b);
    if (times.length === 0) return [];
    return [{
      label: `${names[variant]}${scenario === 'ablation' ? '' : ' [batch-20]'}`,
      data: [{ x: 0, y: 0 }, ...times.map((ms, k) => ({ x: toS(ms), y: k + 1 }))],
      borderColor: PALETTE[i]!,
      backgroundColor: PALETTE[i]!,
      showLine: true,
      stepped: true,
      pointRadius: 2,
    }];
  });
  return {
    id: 'batch-20-timeline',
    title: 'A twenty-image batch: images notified over time',
    caption: 'The first measured twenty-image batch of each strategy: each step is an image notified. Chunks finish in bursts of five, each waiting for its slowest image; a pool starts the next image as soon as one finishes.',
    config: {
      type: 'scatter',
      data: { datasets },
      options: base('A twenty-image batch: images notified over time', axis('seconds since the batch was sent (profile)', { type: 'linear', min: 0 }), axis('images notified', { min: 0, max: 20 })),
    },
  };
}

const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0);

/** 4. Where a single image's time goes, per path: injected waits apart from orchestration. */
export function timeBreakdown(results: ResultsFile): ChartSpec {
  const samples = measured(results, 'single', 'single').filter((s) => s.server?.breakdownMs && s.server.notifiedMs !== null);
  const variants = [...new Set(samples.map((s) => s.variant))];
  const parts = [...CATEGORIES, 'client ↔ server'] as const;
  const value = (s: Sample, part: (typeof parts)[number]) =>
    part === 'client ↔ server' ? Math.max(0, s.notifiedMs! - s.server!.notifiedMs!) : (s.server!.breakdownMs![part] ?? 0);
  const datasets = parts.map((part, i) => ({
    label: part,
    data: variants.map((v) => toS(mean(samples.filter((s) => s.variant === v).map((s) => value(s, part))) / results.timeScale)),
    backgroundColor: part === 'server own' ? '#222222' : part === 'client ↔ server' ? '#888888' : PALETTE[i % PALETTE.length]!,
  }));
  return {
    id: 'where-time-goes',
    title: 'Where a single image’s time goes',
    caption: 'Mean per image, profile seconds. Each instant from acceptance to notification goes to the most external step running then (AI before upload before push before database); what no step covers is the server’s own orchestration, and the rest is the trip between client and server. Step spans include the mock transport.',
    config: {
      type: 'bar',
      data: { labels: variants, datasets },
      options: base('Where a single image’s time goes', axis('profile seconds (mean per image)', { stacked: true }), axis('path', { stacked: true }), { indexAxis: 'y' }),
    },
  };
}

/** 5. What each optimisation saves alone, against the plain direct path. */
export function ablationSavings(results: ResultsFile): ChartSpec {
  const workloads = results.workloads.filter((w) => w.scenario === 'ablation');
  const variants = [...new Set(workloads.flatMap((w) => w.variants))].filter((v) => v !== 'direct');
  const datasets = workloads.map((w, i) => {
    const metric = w.kind === 'batch' ? 'makespan' : 'notified';
    const paired = (variant: string) => results.paired?.find((p) => p.scenario === 'ablation' && p.workload === w.workload && p.variant === variant && p.metric === metric);
    const bars = variants.map((v) => {
      const ci = paired(v)?.ciRatio;
      return ci ? ([Math.round((1 - ci[1]) * 1000) / 10, Math.round((1 - ci[0]) * 1000) / 10] as [number, number]) : null;
    });
    return {
      label: w.kind === 'batch' ? `${w.workload}: batch makespan` : `${w.workload}: notified`,
      data: variants.map((v) => {
        const ratio = paired(v)?.medianRatio;
        return ratio === null || ratio === undefined ? null : Math.round((1 - ratio) * 1000) / 10;
      }),
      backgroundColor: PALETTE[i + 1]!,
      bars,
    };
  });
  const errorBars = { bars: Object.fromEntries(datasets.map((d, i) => [i, d.bars])) };
  return {
    id: 'ablation',
    title: 'What each optimisation saves alone',
    caption: 'Saving against the plain direct path, in percent: the median over pairs (the same repetition on direct, which drew the same injected delays), with its 95% interval where there were five pairs or more. optimized has every optimisation on. Negative: slower than direct.',
    config: {
      type: 'bar',
      data: { labels: variants, datasets: datasets.map(({ bars: _bars, ...d }) => d) },
      options: base('What each optimisation saves alone', axis('saving against direct, % (median of paired ratios)'), axis('variant'), { indexAxis: 'y', plugins: { errorBars }  }),
    },
  };
}

/** Every chart of the report, those with nothing to show left out. */
export function chartSpecs(results: ResultsFile, claims: Claims): ChartSpec[] {
  const specs = [latencyBars(results, claims), notifiedCdf(results), batchTimeline(results), timeBreakdown(results), ablationSavings(results)];
  return specs.filter((s) => (s.config.data as { datasets: unknown[] }).datasets.length > 0);
}
