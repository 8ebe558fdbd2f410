/**
 * Measures the reference server's own cost per image on each path with the `zero` latency
 * profile: nothing is injected, so what is left is orchestration plus the in-process mock
 * transport (nock). Images are sent one at a time, paths interleaved, each (image, timezone)
 * pair once so the optimized path never hits its cache.
 *
 *   npx tsx scripts/measure-overhead.ts [--images 200] [--out reports/overhead.json]
 *
 * With `--profile seed --time-scale 0.1` the same loop shows where one image lands on each path
 * under a profile (server and client columns divided by the scale are profile milliseconds).
 * With `--redis redis://127.0.0.1:6379` the stores and queues are Redis and BullMQ (a prefix of
 * its own, deleted after). With `--hits` each request is sent twice and only the second, a cache
 * hit, is measured (the optimized path). `--paths workflow,direct` picks the paths.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { SseClient } from '../harness/sse-client.ts';
import { buildApp } from '../reference-impl/app.ts';
import { loadFlyerCatalog } from '../reference-impl/mocks/flyer-catalog.ts';
import { resolveServerOptions } from '../reference-impl/options.ts';
import { PATHS } from '../reference-impl/pipeline/toggles.ts';
import { createServices } from '../reference-impl/services.ts';

const TIMEZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Tokyo', 'Australia/Sydney', 'America/Sao_Paulo', 'Africa/Lagos', 'Asia/Kolkata', 'Europe/London', 'America/Los_Angeles'];
const WARMUP_PER_PATH = 20;

const { values } = parseArgs({
  options: {
    images: { type: 'string', default: '200' },
    out: { type: 'string', default: 'reports/overhead.json' },
    profile: { type: 'string', default: 'zero' },
    'time-scale': { type: 'string', default: '1' },
    redis: { type: 'string', default: '' },
    hits: { type: 'boolean', default: false },
    paths: { type: 'string', default: PATHS.join(',') },
  },
});
const redisPrefix = `overhead-${process.pid}`;
const paths = values.hits ? ['optimized'] : (values.paths as string).split(',').filter((p): p is (typeof PATHS)[number] => (PATHS as readonly string[]).includes(p));
const perPath = Number(values.images);

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

const options = resolveServerOptions({
  latencyProfile: values.profile,
  timeScale: Number(values['time-scale']),
  logLevel: 'silent',
  port: 0,
  redisUrl: values.redis,
  redisPrefix,
});
const services = await createServices(options);
const app = buildApp(services);
const server = app.listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const stream = await SseClient.connect(`${url}/api/notifications/stream?userId=overhead`);
const catalog = loadFlyerCatalog();
const flyers = catalog.events().filter((f) => f.base64Chars < 200_000);
const images = flyers.map((f) => catalog.base64(f));

type Sample = { ownMs: number; serverMs: number; clientMs: number };
const samples: Record<string, Sample[]> = Object.fromEntries(paths.map((p) => [p, []]));
/** Durations of each kind of recorded span: with nothing injected, the cost of the call itself. */
const spans = new Map<string, number[]>();

let n = 0;
for (let i = 0; i < perPath + WARMUP_PER_PATH; i++) {
  for (const path of paths) {
    const imageIndex = i % images.length;
    const timezone = TIMEZONES[Math.floor(i / images.length) % TIMEZONES.length] as string;
    const send = async () => {
      const sentAt = performance.now();
      const res = await fetch(`${url}/api/events/from-image`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ path, base64Image: images[imageIndex], timezone, userId: 'overhead' }),
      });
      const { jobId } = (await res.json()) as { jobId: string };
      const created = await stream.waitFor((e) => e.type === 'event.created' && e.data.jobId === jobId, 10_000);
      await services.idle();
      return { jobId, sentAt, created };
    };
    if (values.hits) await send();
    const { jobId, sentAt, created } = await send();
    const job = (await (await fetch(`${url}/api/jobs/${jobId}`)).json()) as {
      counters: { cacheHit: boolean };
      timings: { ownMs: number; notifiedMs: number; steps: { name: string; startMs: number; endMs: number }[] };
    };
    if (job.counters.cacheHit !== values.hits) throw new Error(values.hits ? 'the repeat missed the cache' : 'a cache hit: the measurement must see full pipelines only');
    if (i >= WARMUP_PER_PATH) {
      samples[path]!.push({ ownMs: job.timings.ownMs, serverMs: job.timings.notifiedMs, clientMs: created.receivedAt - sentAt });
      for (const step of job.timings.steps) spans.set(step.name, [...(spans.get(step.name) ?? []), step.endMs - step.startMs]);
    }
    n++;
  }
}

const summary = Object.fromEntries(
  paths.map((path) => {
    const stat = (key: keyof Sample) => {
      const sorted = samples[path]!.map((s) => s[key]).sort((a, b) => a - b);
      return { p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
    };
    return [path, { samples: samples[path]!.length, ownMs: stat('ownMs'), serverMs: stat('serverMs'), clientMs: stat('clientMs') }];
  }),
);

const report = {
  schemaVersion: 1,
  what: 'server time per image with the zero profile: ownMs excludes time inside provider calls, stores, hops and queues; serverMs is accepted to notified; clientMs is request sent to notification received',
  environment: { node: process.version, cpu: os.cpus()[0]?.model, cpus: os.cpus().length, time: new Date().toISOString() },
  options: {
    profile: options.latencyProfile,
    timeScale: options.timeScale,
    store: options.redisUrl ? 'redis' : 'memory',
    cacheHits: values.hits,
    perPath,
    warmupPerPath: WARMUP_PER_PATH,
    imagesUsed: images.length,
  },
  requests: n,
  summary,
  spanMs: Object.fromEntries([...spans].map(([name, list]) => {
    const sorted = list.sort((a, b) => a - b);
    return [name, { count: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95) }];
  })),
};
mkdirSync('reports', { recursive: true });
writeFileSync(values.out as string, `${JSON.stringify(report, null, 2)}\n`);

const fmt = (x: number) => x.toFixed(3).padStart(8);
console.log(`path       | own p50  | own p95  | server p50 | server p95 | client p50 | client p95   (ms, ${perPath} images per path)`);
for (const path of paths) {
  const s = summary[path]!;
  console.log(`${path.padEnd(10)} | ${fmt(s.ownMs.p50)} | ${fmt(s.ownMs.p95)} | ${fmt(s.serverMs.p50)}   | ${fmt(s.serverMs.p95)}   | ${fmt(s.clientMs.p50)}   | ${fmt(s.clientMs.p95)}`);
}
console.log(`\nspans (ms, p50 / p95): ${Object.entries(report.spanMs).map(([name, v]) => `${name} ${v.p50.toFixed(2)} / ${v.p95.toFixed(2)}`).join(', ')}`);
stream.close();
app.streams.endAll();
if (services.redis) {
  let cursor = '0';
  do {
    const [next, keys] = await services.redis.command.scan(cursor, 'MATCH', `${redisPrefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await services.redis.command.del(...keys);
  } while (cursor !== '0');
}
await services.close();
server.closeAllConnections();
server.close();
