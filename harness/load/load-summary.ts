import { summarize, type Distribution } from '../stats.ts';
import type { ArrivalRecord } from './open-loop.ts';

/** What an open-model load (or one step of it) came to. Latencies are ms from scheduled send. */
export interface LoadSummary {
  offeredRatePerS: number;
  durationMs: number;
  requests: number;
  images: number;
  accepted: { requests: number; images: number };
  shed: { requests: number; images: number };
  refused: number;
  errors: number;
  imagesSucceeded: number;
  imagesFailed: number;
  imagesTimedOut: number;
  /** Accepted images with no outcome at all: must be zero. */
  imagesLost: number;
  /** Succeeded images per second of offered load. */
  goodputPerS: number;
  ack: Distribution;
  notified: Distribution;
  /** Per request kind: notified of its images. */
  notifiedByKind: Record<string, Distribution>;
  errorsByKind: Record<string, number>;
  failureReasons: Record<string, number>;
  /** How late the driver itself was sending: a high value means the client, not the server, was saturated. */
  sendLag: Distribution;
}

const count = (into: Record<string, number>, key: string, n = 1) => {
  into[key] = (into[key] ?? 0) + n;
};

/** Sums up arrival records. Pure. */
export function summarizeLoad(records: readonly ArrivalRecord[], offeredRatePerS: number, durationMs: number, seed = 1): LoadSummary {
  const accepted = records.filter((r) => r.request === 'accepted');
  const shed = records.filter((r) => r.request === 'shed');
  const outcomes = accepted.flatMap((r) => r.outcomes);
  const notified = accepted.flatMap((r) => r.notifiedMs.filter((v): v is number => v !== null));
  const errorsByKind: Record<string, number> = {};
  for (const r of records) if (r.request !== 'accepted') count(errorsByKind, `${r.request}: ${r.reason ?? `http ${r.status}`}`);
  for (const o of outcomes) if (o === 'timed-out') count(errorsByKind, 'accepted, no outcome before the drain deadline');
  const failureReasons: Record<string, number> = {};
  for (const r of accepted) for (const reason of r.failureReasons ?? []) count(failureReasons, reason);
  const kinds = [...new Set(records.map((r) => r.kind))];
  const succeeded = outcomes.filter((o) => o === 'succeeded').length;
  const acceptedImages = accepted.reduce((n, r) => n + r.images, 0);
  return {
    offeredRatePerS,
    durationMs,
    requests: records.length,
    images: records.reduce((n, r) => n + r.images, 0),
    accepted: { requests: accepted.length, images: acceptedImages },
    shed: { requests: shed.length, images: shed.reduce((n, r) => n + r.images, 0) },
    refused: records.filter((r) => r.request === 'refused').length,
    errors: records.filter((r) => r.request === 'error').length,
    imagesSucceeded: succeeded,
    imagesFailed: outcomes.filter((o) => o === 'failed').length,
    imagesTimedOut: outcomes.filter((o) => o === 'timed-out').length,
    imagesLost: acceptedImages - outcomes.length,
    goodputPerS: succeeded / (durationMs / 1000),
    ack: summarize(records.map((r) => r.ackMs).filter((v): v is number => v !== null), { seed }),
    notified: summarize(notified, { seed }),
    notifiedByKind: Object.fromEntries(kinds.map((k) => [k, summarize(accepted.filter((r) => r.kind === k).flatMap((r) => r.notifiedMs.filter((v): v is number => v !== null)), { seed })])),
    errorsByKind,
    failureReasons,
    sendLag: summarize(records.map((r) => r.sendLagMs), { seed }),
  };
}

/** One step of an overload sweep: its summary and the server's resources over it. */
export interface OverloadStep {
  summary: LoadSummary;
  server: ServerUsage;
}

export interface ServerUsage {
  /** CPU seconds the server process used over the step, and as cores (CPU s / wall s). */
  cpuSeconds: number | null;
  cpuCores: number | null;
  /** Resident set size at the end of the step, and the process's peak so far. */
  rssBytes: number | null;
  peakRssBytes: number | null;
}

/**
 * Where the knee is: the highest offered rate at which the server still delivers (goodput at
 * least `share` of the offered image rate, nothing shed, p95 notified within `latencyFactor` of
 * the lightest step's). Past it, what the server did instead: shed, queue or fail. Pure.
 */
export function findKnee(steps: readonly OverloadStep[], share = 0.95, latencyFactor = 3): { kneeRatePerS: number | null; firstPastKnee: number | null; why: string } {
  const sorted = [...steps].sort((a, b) => a.summary.offeredRatePerS - b.summary.offeredRatePerS);
  const lightest = sorted[0]?.summary.notified.p95 ?? sorted[0]?.summary.notified.max ?? null;
  let knee: number | null = null;
  for (const step of sorted) {
    const s = step.summary;
    const offeredImagesPerS = s.images / (s.durationMs / 1000);
    const p95 = s.notified.p95 ?? s.notified.max;
    const keepsUp = s.goodputPerS >= share * offeredImagesPerS && s.shed.images === 0 && s.imagesTimedOut === 0;
    const fast = lightest === null || p95 === null || p95 <= latencyFactor * lightest;
    if (keepsUp && fast) {
      knee = s.offeredRatePerS;
      continue;
    }
    const why = !keepsUp
      ? `at ${s.offeredRatePerS}/s the server delivered ${s.goodputPerS.toFixed(1)} images/s of ${offeredImagesPerS.toFixed(1)} offered and shed ${s.shed.images}`
      : `at ${s.offeredRatePerS}/s the notified p95 (${p95?.toFixed(0)} ms) passed ${latencyFactor}x the light-load one (${lightest?.toFixed(0)} ms)`;
    return { kneeRatePerS: knee, firstPastKnee: s.offeredRatePerS, why };
  }
  return { kneeRatePerS: knee, firstPastKnee: null, why: 'no step passed the knee: raise the rates' };
}
