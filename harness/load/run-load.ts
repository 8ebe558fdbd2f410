import { loadFlyerCatalog } from '../../reference-impl/mocks/flyer-catalog.ts';
import { isIanaTimeZone } from '../../reference-impl/pipeline/local-date.ts';
import { ContractClient } from '../contract-client.ts';
import { readEnvironment, type Environment } from '../environment.ts';
import { parsePrometheusText, sumMetric } from '../prometheus-text.ts';
import { startReferenceServer, type ReferenceServer } from '../server-process.ts';
import { FreshPairs, planArrivals } from './arrival-plan.ts';
import { measureCachedDuplicate, type CachedDuplicateResult } from './cached-duplicate.ts';
import { runClosedLoop, type ClosedLoopResult } from './closed-loop.ts';
import { findKnee, summarizeLoad, type LoadSummary, type OverloadStep, type ServerUsage } from './load-summary.ts';
import type { ResolvedLoadOptions } from './load-options.ts';
import { runOpenLoop } from './open-loop.ts';
import { readUsage, usageBetween } from './process-usage.ts';

export const LOAD_SCHEMA_VERSION = 1;

/** What the server's counters say of a load: every accepted image must have ended. */
export interface ServerAccounting {
  jobsEnded: number;
  cacheHits: number;
  cacheMisses: number;
  dedupCollapsed: number;
  shedImages: number;
  /** Images still in flight when the load was over and drained: must be zero. */
  pendingAfterDrain: number;
}

export interface LoadResults {
  schemaVersion: typeof LOAD_SCHEMA_VERSION;
  startedAt: string;
  wallMs: number;
  environment: Environment;
  config: ResolvedLoadOptions;
  closed: null | {
    profile: string;
    image: { flyerId: string; base64Chars: number };
    bare: ClosedLoopResult;
    cached: ClosedLoopResult;
    /** Cached path's answered (202) requests per second over the bare endpoint's. */
    cachedShareOfBare: number;
    accounting: ServerAccounting;
    server: ServerUsage;
  };
  cachedDuplicate: null | (CachedDuplicateResult & { profile: string });
  open: null | { profile: string; timeScale: number; summary: LoadSummary; server: ServerUsage; accounting: ServerAccounting };
  overload: null | { profile: string; timeScale: number; maxPendingImages: number; steps: (OverloadStep & { accounting: ServerAccounting })[]; knee: ReturnType<typeof findKnee> };
}

type Counters = Map<string, number>;

async function counters(client: ContractClient): Promise<Counters> {
  const answer = await client.get('/metrics');
  return parsePrometheusText(String(answer.body));
}

/** Waits until the server has nothing in flight (or the timeout passes) and says what it did meanwhile. */
async function drainAndAccount(client: ContractClient, before: Counters, timeoutMs: number): Promise<ServerAccounting> {
  const deadline = performance.now() + timeoutMs;
  let now = await counters(client);
  while (sumMetric(now, 'pipeline_pending_images') > 0 && performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    now = await counters(client);
  }
  const diff = (name: string) => sumMetric(now, name) - sumMetric(before, name);
  return {
    jobsEnded: diff('pipeline_jobs_total'),
    cacheHits: diff('pipeline_cache_hits_total'),
    cacheMisses: diff('pipeline_cache_misses_total'),
    dedupCollapsed: diff('pipeline_dedup_collapsed_total'),
    shedImages: diff('pipeline_shed_images_total'),
    pendingAfterDrain: sumMetric(now, 'pipeline_pending_images'),
  };
}

async function withServer<T>(env: Record<string, string>, work: (server: ReferenceServer, client: ContractClient) => Promise<T>): Promise<T> {
  const server = await startReferenceServer({ AI_MODE: 'mock', ...env });
  const client = new ContractClient(server.url);
  try {
    return await work(server, client);
  } finally {
    client.close();
    await server.stop();
  }
}

/**
 * The load run: the closed model (autocannon: the cached path against a bare endpoint of the same
 * app), the cached path at light load with the largest image, an open-model mixed load, and an
 * overload sweep past capacity. Each part starts its own reference server on 127.0.0.1 and is
 * bounded in time; nothing is rendered while it measures.
 */
export async function runLoad(options: ResolvedLoadOptions, onProgress: (line: string) => void = () => {}): Promise<LoadResults> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const catalog = loadFlyerCatalog();
  const flyers = catalog.events();
  const base64 = new Map(flyers.map((f) => [f.id, catalog.base64(f)]));
  const timezones = Intl.supportedValuesOf('timeZone').filter(isIanaTimeZone);
  // A typical upload (tens of KB) for throughput; the largest accepted one for the cached path.
  const typical = [...flyers].sort((a, b) => Math.abs(a.base64Chars - 55_000) - Math.abs(b.base64Chars - 55_000))[0]!;
  const largest = [...flyers].sort((a, b) => b.base64Chars - a.base64Chars)[0]!;
  const tag = `load-${process.pid}`;
  const results: LoadResults = { schemaVersion: LOAD_SCHEMA_VERSION, startedAt, wallMs: 0, environment: readEnvironment(), config: options, closed: null, cachedDuplicate: null, open: null, overload: null };

  if (options.sections.includes('closed')) {
    onProgress(`closed model: bare endpoint and cached path, ${options.closedConnections} connections, ${options.closedDurationS} s each`);
    results.closed = await withServer({ LATENCY_PROFILE: 'zero', TIME_SCALE: '1' }, async (server, client) => {
      const body = JSON.stringify({ path: 'optimized', userId: `${tag}-closed`, timezone: 'Europe/Paris', base64Image: base64.get(typical.id) });
      // The prime: after it, every identical request is a cache hit.
      const primed = await measureCachedDuplicate({ url: server.url, flyerId: typical.id, base64: base64.get(typical.id)!, count: 1, userId: `${tag}-closed`, timezone: 'Europe/Paris' });
      if (primed.succeeded !== 1) throw new Error(`the closed model's prime did not succeed: ${primed.failures.join(', ')}`);
      const before = await counters(client);
      const usage0 = await readUsage(server.url, server.pid);
      const bare = await runClosedLoop({ url: `${server.url}/api/bare`, method: 'POST', body, connections: options.closedConnections, durationS: options.closedDurationS });
      const cached = await runClosedLoop({ url: `${server.url}/api/events/from-image`, method: 'POST', body, connections: options.closedConnections, durationS: options.closedDurationS });
      const accounting = await drainAndAccount(client, before, options.drainTimeoutMs);
      const usage1 = await readUsage(server.url, server.pid);
      const answered = (r: ClosedLoopResult) => (r.statusCodes['202'] ?? 0) / r.durationS;
      return { profile: 'zero', image: { flyerId: typical.id, base64Chars: base64.get(typical.id)!.length }, bare, cached, cachedShareOfBare: answered(cached) / answered(bare), accounting, server: usageBetween(usage0, usage1) };
    });
  }

  if (options.sections.includes('cached')) {
    onProgress(`cached duplicate at light load: the ${largest.base64Chars}-character image, ${options.cachedCount} sends one at a time`);
    results.cachedDuplicate = await withServer({ LATENCY_PROFILE: 'zero', TIME_SCALE: '1' }, async (server) => ({
      profile: 'zero',
      ...(await measureCachedDuplicate({ url: server.url, flyerId: largest.id, base64: base64.get(largest.id)!, count: options.cachedCount, userId: `${tag}-cached`, timezone: 'Asia/Tokyo' })),
    }));
  }

  const loadEnv = { LATENCY_PROFILE: options.profile, TIME_SCALE: String(options.timeScale), MAX_PENDING_IMAGES: String(options.maxPendingImages) };
  const pairs = new FreshPairs(flyers.map((f) => f.id), timezones);
  const openStep = async (server: ReferenceServer, client: ContractClient, ratePerS: number, durationS: number, seed: number) => {
    const arrivals = planArrivals({ ratePerS, durationMs: durationS * 1000, mix: options.mix, batchImages: options.batchImages, pairs, seed });
    const before = await counters(client);
    const usage0 = await readUsage(server.url, server.pid);
    const { records } = await runOpenLoop({ url: server.url, arrivals, base64, users: options.users, path: 'optimized', drainTimeoutMs: options.drainTimeoutMs, maxSockets: 1024, runTag: `${tag}-r${ratePerS}` });
    const usage1 = await readUsage(server.url, server.pid);
    const accounting = await drainAndAccount(client, before, options.drainTimeoutMs);
    return { summary: summarizeLoad(records, ratePerS, durationS * 1000, seed), server: usageBetween(usage0, usage1), accounting };
  };

  if (options.sections.includes('open')) {
    onProgress(`open model: ${options.openRatePerS} arrivals/s for ${options.openDurationS} s, ${options.profile} profile at time scale ${options.timeScale}`);
    results.open = await withServer(loadEnv, async (server, client) => ({
      profile: options.profile,
      timeScale: options.timeScale,
      ...(await openStep(server, client, options.openRatePerS, options.openDurationS, options.seed)),
    }));
  }

  if (options.sections.includes('overload')) {
    results.overload = await withServer(loadEnv, async (server, client) => {
      const steps: (OverloadStep & { accounting: ServerAccounting })[] = [];
      for (const [i, rate] of options.overloadRatesPerS.entries()) {
        onProgress(`overload: step ${i + 1} of ${options.overloadRatesPerS.length}, ${rate} arrivals/s for ${options.overloadStepS} s`);
        steps.push(await openStep(server, client, rate, options.overloadStepS, options.seed + i + 1));
      }
      return { profile: options.profile, timeScale: options.timeScale, maxPendingImages: options.maxPendingImages, steps, knee: findKnee(steps) };
    });
  }
  results.wallMs = performance.now() - started;
  return results;
}
