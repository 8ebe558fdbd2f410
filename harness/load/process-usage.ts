import { readFileSync } from 'node:fs';
import { ContractClient } from '../contract-client.ts';
import { parsePrometheusText, sumMetric } from '../prometheus-text.ts';
import type { ServerUsage } from './load-summary.ts';

/** A reading of a server process's CPU and memory. */
export interface UsageReading {
  at: number;
  cpuSeconds: number | null;
  rssBytes: number | null;
  peakRssBytes: number | null;
}

/** Peak and current RSS from /proc (Linux); null elsewhere. */
function procMemory(pid: number | null): { rss: number | null; peak: number | null } {
  if (pid === null) return { rss: null, peak: null };
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => {
      const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
      return m ? Number(m[1]) * 1024 : null;
    };
    return { rss: kb('VmRSS'), peak: kb('VmHWM') };
  } catch {
    return { rss: null, peak: null };
  }
}

/**
 * Reads a server's CPU time from its /metrics (prom-client's process metrics, so any process of
 * the contract that exports them can be read) and its memory from /proc when it runs here.
 */
export async function readUsage(url: string, pid: number | null): Promise<UsageReading> {
  const client = new ContractClient(url);
  try {
    const answer = await client.get('/metrics').catch(() => undefined);
    const metrics = answer?.status === 200 && typeof answer.body === 'string' ? parsePrometheusText(answer.body) : null;
    const memory = procMemory(pid);
    const rssFromMetrics = metrics ? sumMetric(metrics, 'process_resident_memory_bytes') : 0;
    return {
      at: performance.now(),
      cpuSeconds: metrics ? sumMetric(metrics, 'process_cpu_seconds_total') : null,
      rssBytes: memory.rss ?? (rssFromMetrics || null),
      peakRssBytes: memory.peak,
    };
  } finally {
    client.close();
  }
}

/** The server's use between two readings. Pure. */
export function usageBetween(before: UsageReading, after: UsageReading): ServerUsage {
  const cpuSeconds = before.cpuSeconds !== null && after.cpuSeconds !== null ? after.cpuSeconds - before.cpuSeconds : null;
  const wallS = (after.at - before.at) / 1000;
  return {
    cpuSeconds,
    cpuCores: cpuSeconds !== null && wallS > 0 ? cpuSeconds / wallS : null,
    rssBytes: after.rssBytes,
    peakRssBytes: after.peakRssBytes,
  };
}
