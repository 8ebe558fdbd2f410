import type { Metric } from '../scenario-spec.ts';
import type { BatchSample, Sample } from '../samples.ts';

/**
 * A cell's measured values keyed by what pairs them across runs: the same repetition and batch
 * position of the same variant draws the same injected delays (the latency model is a pure
 * function of the seed and the request), so two runs of one configuration compare pair by pair.
 */
export type PairedValues = Record<string, number>;

export interface CellValues {
  scenario: string;
  workload: string;
  variant: string;
  metric: Metric;
  /** Wall milliseconds, by pair key (`repetition/index` for images, `repetition` for batches). */
  valuesWallMs: PairedValues;
}

export const cellId = (c: { scenario: string; workload: string; variant: string; metric: string }) => `${c.scenario}/${c.workload}/${c.variant} ${c.metric}`;

const IMAGE_METRICS = { ack: 'ackMs', event: 'eventMs', notified: 'notifiedMs' } as const;
const BATCH_METRICS = { makespan: 'makespanMs', firstResult: 'firstResultMs' } as const;

/** Every cell's values per metric, from the measured, succeeded samples of a run. Pure. */
export function cellValues(samples: readonly Sample[], batches: readonly BatchSample[]): CellValues[] {
  const cells = new Map<string, CellValues>();
  const add = (at: { scenario: string; workload: string; variant: string }, metric: Metric, key: string, value: number | null) => {
    if (value === null) return;
    const id = cellId({ ...at, metric });
    let cell = cells.get(id);
    if (!cell) cells.set(id, (cell = { scenario: at.scenario, workload: at.workload, variant: at.variant, metric, valuesWallMs: {} }));
    cell.valuesWallMs[key] = value;
  };
  for (const s of samples) {
    if (s.warmup || s.outcome !== 'succeeded') continue;
    for (const [metric, field] of Object.entries(IMAGE_METRICS)) add(s, metric as Metric, `${s.repetition}/${s.index}`, s[field]);
  }
  for (const b of batches) {
    if (b.warmup || b.outcome !== 'succeeded') continue;
    for (const [metric, field] of Object.entries(BATCH_METRICS)) add(b, metric as Metric, String(b.repetition), b[field]);
  }
  return [...cells.values()];
}
