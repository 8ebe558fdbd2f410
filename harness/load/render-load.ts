import type { ReportTable } from '../report/report-tables.ts';
import type { Distribution } from '../stats.ts';
import type { LoadSummary, ServerUsage } from './load-summary.ts';
import type { LoadResults } from './run-load.ts';

const ms = (x: number | null | undefined) => (x === null || x === undefined ? '–' : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const pcts = (d: Distribution) => `${ms(d.p50)} / ${ms(d.p95)} / ${ms(d.p99)}${d.p99 === null && d.n > 0 ? ` (n=${d.n})` : ''}`;
const mib = (bytes: number | null) => (bytes === null ? '–' : `${(bytes / 2 ** 20).toFixed(0)} MiB`);
const cores = (u: ServerUsage) => (u.cpuCores === null ? '–' : u.cpuCores.toFixed(2));
const perS = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const kinds = (errors: Record<string, number>) => Object.entries(errors).map(([k, n]) => `${k} ×${n}`).join(', ') || 'none';

function summaryRow(label: string, s: LoadSummary, u: ServerUsage): string[] {
  return [
    label,
    `${s.requests} (${s.images} images)`,
    `${s.accepted.images} / ${s.shed.images}`,
    `${s.imagesSucceeded} / ${s.imagesFailed} / ${s.imagesTimedOut + s.imagesLost}`,
    perS(s.goodputPerS),
    pcts(s.ack),
    pcts(s.notified),
    cores(u),
    `${mib(u.rssBytes)} (peak ${mib(u.peakRssBytes)})`,
    kinds(s.errorsByKind),
  ];
}

const SUMMARY_HEADER = ['load', 'sent', 'accepted / shed images', 'succeeded / failed / lost', 'goodput images/s', 'ack p50 / p95 / p99 ms', 'notified p50 / p95 / p99 ms', 'server CPU cores', 'server RSS', 'errors by kind'];

/** The load run's tables, shaped like the report's. Pure. */
export function loadTables(load: LoadResults): ReportTable[] {
  const tables: ReportTable[] = [];
  if (load.closed) {
    const c = load.closed;
    const row = (name: string, r: typeof c.bare) => [name, String(r.connections), perS((r.statusCodes['202'] ?? 0) / r.durationS), pcts(r.latencyMs), String(r.non2xx), String(r.errors + r.timeouts)];
    tables.push({
      id: 'load-closed',
      title: 'Load: closed model (autocannon)',
      caption: `${c.bare.connections} connections for ${c.bare.durationS.toFixed(0)} s per endpoint, the same ${c.image.base64Chars}-character body to both; ${c.profile} profile (nothing injected); the cached path answers ${(c.cachedShareOfBare * 100).toFixed(0)}% of the bare endpoint's requests per second; latencies from autocannon's per-response stamps in an HDR histogram (µs); server ${cores(c.server)} CPU cores; after the load every accepted image ended: ${c.accounting.pendingAfterDrain === 0 ? 'yes' : `NO, ${c.accounting.pendingAfterDrain} still in flight`} (${c.accounting.jobsEnded} jobs, ${c.accounting.cacheHits} cache hits, ${c.accounting.shedImages} shed)`,
      header: ['endpoint', 'connections', '202 answers/s', 'latency p50 / p95 / p99 ms', 'non-2xx', 'errors'],
      rows: [row('bare (POST /api/bare: JSON parsed, nothing else)', c.bare), row('cached path (POST /api/events/from-image, a duplicate)', c.cached)],
    });
  }
  if (load.cachedDuplicate) {
    const d = load.cachedDuplicate;
    tables.push({
      id: 'load-cached',
      title: 'Load: the cached path at light load',
      caption: `the ${d.image.base64Chars}-character image (${d.image.flyerId}), sent again ${d.sent} times one at a time, optimized path, ${d.profile} profile; ${d.cacheHits} of ${d.succeeded} answered from the cache; ms from the request to the notification`,
      header: ['metric', 'p50 / p95 / p99 ms', 'max ms', 'n'],
      rows: [
        ['ack', pcts(d.ackMs), ms(d.ackMs.max), String(d.ackMs.n)],
        ['notified', pcts(d.notifiedMs), ms(d.notifiedMs.max), String(d.notifiedMs.n)],
        ...(d.failures.length ? [['failures', d.failures.join(', '), '', String(d.failures.length)]] : []),
      ],
    });
  }
  if (load.open) {
    const o = load.open;
    const mix = load.config.mix;
    tables.push({
      id: 'load-open',
      title: 'Load: open model, mixed traffic',
      caption: `a constant ${o.summary.offeredRatePerS} arrivals/s for ${(o.summary.durationMs / 1000).toFixed(0)} s (new images ${(mix.new * 100).toFixed(0)}%, duplicates ${(mix.duplicate * 100).toFixed(0)}%, batches of ${load.config.batchImages} ${(mix.batch * 100).toFixed(0)}%), ${o.profile} profile at time scale ${o.timeScale} (wall ms), each request timed from its scheduled send (coordinated omission corrected); cache hits ${o.accounting.cacheHits}, misses ${o.accounting.cacheMisses}; the driver's own send lag p99 ${ms(o.summary.sendLag.p99 ?? o.summary.sendLag.max)} ms`,
      header: SUMMARY_HEADER,
      rows: [summaryRow(`${o.summary.offeredRatePerS}/s`, o.summary, o.server)],
    });
  }
  if (load.overload) {
    const v = load.overload;
    tables.push({
      id: 'load-overload',
      title: 'Load: overload sweep',
      caption: `offered arrival rates raised step by step on one server (${v.profile} profile at time scale ${v.timeScale}, MAX_PENDING_IMAGES ${v.maxPendingImages}); knee: ${v.knee.kneeRatePerS === null ? 'below the first step' : `${v.knee.kneeRatePerS} arrivals/s`}; ${v.knee.why}; lost = accepted images without an outcome (must be 0)`,
      header: SUMMARY_HEADER,
      rows: v.steps.map((s) => summaryRow(`${s.summary.offeredRatePerS}/s`, s.summary, s.server)),
    });
  }
  return tables;
}
