import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ResultsFile } from '../results.ts';
import { cellValues, type CellValues } from './cell-values.ts';

/** Bumped whenever a field changes meaning; the gate refuses versions it does not know. */
export const BASELINE_SCHEMA_VERSION = 1;

/**
 * What must be the same for two machines' figures to be compared as equals: the Node major, the
 * platform and architecture, and the CPU (model and count). Memory, kernel release and time are
 * recorded but not compared.
 */
export interface EnvironmentFingerprint {
  nodeMajor: string;
  platform: string;
  cpuModel: string;
  cpuCount: number;
}

/**
 * What must be the same for two runs' cells to measure the same thing: the time scale, the
 * latency profile's content, the seed (it fixes every injected delay, so runs pair), where the
 * server runs, and per workload what is sent, how often and how many at once.
 */
export interface Comparability {
  timeScale: number;
  /** SHA-256 of the resolved latency profile (null when measuring a `--target`). */
  profileSha256: string | null;
  profile: string | null;
  seed: number;
  target: string | null;
  redis: boolean;
  /** Where the AI answers came from (`mock`, `openai`, `replay:<recording>`). */
  ai: string;
  /** Per `scenario/workload`: SHA-256 of its definition, repetitions, warm-up and concurrency. */
  workloads: Record<string, string>;
}

export interface Baseline {
  schemaVersion: typeof BASELINE_SCHEMA_VERSION;
  createdAt: string;
  gitCommit: string | null;
  fingerprint: EnvironmentFingerprint;
  comparability: Comparability;
  /** The environment as the results file recorded it, for the reader. */
  environment: Record<string, unknown>;
  cells: CellValues[];
}

const sha256 = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

/** The parts of a results file's environment that the gate compares. Pure. */
export function fingerprintOf(environment: Record<string, unknown>): EnvironmentFingerprint {
  const platform = String(environment.platform ?? 'unknown').split(' ');
  return {
    nodeMajor: String(environment.node ?? 'unknown').split('.')[0]!,
    // `linux 6.1.0-18 x64`: the kernel release in the middle changes with every update.
    platform: platform.length > 1 ? `${platform[0]} ${platform[platform.length - 1]}` : platform[0]!,
    cpuModel: String(environment.cpuModel ?? 'unknown'),
    cpuCount: Number(environment.cpuCount ?? 0),
  };
}

interface PlannedWorkloadConfig {
  scenario: string;
  workload: { name: string };
  repetitions: number;
  warmup: number;
  concurrency: number;
}

/** The comparability of a results file's configuration. Pure. */
export function comparabilityOf(results: ResultsFile): Comparability {
  const config = results.config as Record<string, unknown> & { scenarios?: PlannedWorkloadConfig[] };
  const workloads: Record<string, string> = {};
  for (const w of config.scenarios ?? []) {
    workloads[`${w.scenario}/${w.workload.name}`] = sha256({ workload: w.workload, repetitions: w.repetitions, warmup: w.warmup, concurrency: w.concurrency });
  }
  return {
    timeScale: results.timeScale,
    profileSha256: config.latencyProfile ? sha256(config.latencyProfile) : null,
    profile: (config.profile as string | null) ?? null,
    seed: Number(config.seed),
    target: (config.target as string | null) ?? null,
    redis: Boolean(config.redisUrl),
    ai: config.ai === 'replay' ? `replay:${String(config.recording)}` : String(config.ai ?? 'mock'),
    workloads,
  };
}

/** A baseline from a run: its fingerprint, its comparability and every cell's paired values. Pure. */
export function buildBaseline(results: ResultsFile): Baseline {
  const round = (ms: number) => Math.round(ms * 1000) / 1000;
  return {
    schemaVersion: BASELINE_SCHEMA_VERSION,
    createdAt: results.startedAt,
    gitCommit: (results.environment.gitCommit as string | null) ?? null,
    fingerprint: fingerprintOf(results.environment),
    comparability: comparabilityOf(results),
    environment: results.environment,
    cells: cellValues(results.samples, results.batches).map((c) => ({
      ...c,
      valuesWallMs: Object.fromEntries(Object.entries(c.valuesWallMs).map(([k, v]) => [k, round(v)])),
    })),
  };
}

export class BaselineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BaselineError';
  }
}

/** Reads and checks a baseline file; a missing, unreadable or foreign file is a `BaselineError`. */
export function readBaseline(file: string): Baseline {
  let data: Baseline;
  try {
    data = JSON.parse(readFileSync(file, 'utf8')) as Baseline;
  } catch (error) {
    throw new BaselineError(`cannot read the baseline ${file}: ${(error as Error).message} (npm run bench:baseline writes one)`);
  }
  if (data?.schemaVersion !== BASELINE_SCHEMA_VERSION) throw new BaselineError(`${file} has baseline schema version ${String(data?.schemaVersion)}; this gate reads version ${BASELINE_SCHEMA_VERSION} (npm run bench:baseline writes a new one)`);
  if (!Array.isArray(data.cells) || typeof data.comparability !== 'object' || typeof data.fingerprint !== 'object') throw new BaselineError(`${file} is not a baseline: cells, comparability or fingerprint missing`);
  return data;
}
