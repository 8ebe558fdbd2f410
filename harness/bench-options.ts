import { ENVIRONMENT } from '../reference-impl/config.ts';
import { DEFAULT_RECORDINGS_DIR } from '../reference-impl/defaults.ts';
import { DEFAULT_BENCH_PROFILE, DEFAULT_BENCH_SEED, DEFAULT_RESULTS_FILE, DEFAULT_UNIT_TIMEOUT_PROFILE_MS, PRESETS, type PresetName } from './defaults.ts';
import { OptionValueError } from './cli.ts';

/** What a bench run can be asked for; every field optional. */
export interface BenchOptions {
  /** Time scale and repetitions to start from. @default 'ci' */
  preset?: PresetName;
  /** Multiplies every injected delay (`TIME_SCALE` of the reference server). @default the preset's */
  timeScale?: number;
  /** Latency profile of the reference server. @default 'seed' */
  profile?: string;
  /** Latency seed of the reference server; also joins every latency salt. @default 1 */
  seed?: number;
  /** Scenario names to run. @default all, in order */
  scenarios?: string[];
  /** Repetitions per `scenario/workload`, over the preset's. */
  repetitions?: Record<string, number>;
  /** Multiplies every workload's repetitions (after the preset's), at least one each. @default 1 */
  repetitionScale?: number;
  /** Caps every workload's units in flight (1 = strictly one at a time). @default no cap */
  maxConcurrency?: number;
  /** Measure this server instead of starting the reference server (its time scale is read from its job views). */
  target?: string;
  /** Run the reference server on Redis and BullMQ. @default memory stores */
  redisUrl?: string;
  /** Where the results file goes. @default 'reports/results.json' */
  out?: string;
  /** Profile ms a unit may take per five images. @default 120000 */
  unitTimeoutProfileMs?: number;
  /**
   * Where the reference server's AI answers come from: `mock` (the fixtures, after the profile's
   * delays), `openai` (a real OpenAI-compatible endpoint: OPENAI_API_KEY, OPENAI_BASE_URL and
   * AI_MODEL from the environment), or `replay` (a recording, with its latencies). @default 'mock'
   */
  ai?: 'mock' | 'openai' | 'replay';
  /** With `ai: 'openai'`, record every AI answer under `fixtures/recordings/<name>/`. */
  record?: string;
  /** With `ai: 'replay'`, the recording to serve; with `ai: 'mock'`, one to compare the profile with. */
  recording?: string;
  /** Where recordings are written and read. @default 'fixtures/recordings' */
  recordingsDir?: string;
  /**
   * Environment variables for the reference server (its own, e.g. `OPTIMIZED_DEFAULTS` or
   * `POOL_SIZE`): the system under test, recorded in the results. @default none
   */
  serverEnv?: Record<string, string>;
}

export interface ResolvedBenchOptions {
  preset: PresetName;
  timeScale: number;
  profile: string;
  seed: number;
  scenarios: string[];
  /** Per `scenario/workload`: repetitions fixed by the preset. */
  repetitions: Record<string, number>;
  repetitionScale: number;
  maxConcurrency: number;
  target: string | null;
  redisUrl: string | null;
  out: string;
  unitTimeoutProfileMs: number;
  serverEnv: Record<string, string>;
  ai: 'mock' | 'openai' | 'replay';
  record: string | null;
  recording: string | null;
  recordingsDir: string;
}

/** What the runner sets on the reference server itself; a run may not override them. */
const RUNNER_OWNED = new Set(['AI_MODE', 'AI_RECORD', 'RECORDING', 'RECORDINGS_DIR', 'TIME_SCALE', 'LATENCY_PROFILE', 'LATENCY_SEED', 'REDIS_URL', 'REDIS_PREFIX', 'PORT', 'HOST', 'LOG_LEVEL']);
const SERVER_VARIABLES = new Set(Object.values(ENVIRONMENT).map(([variable]) => variable));


/** Merges defaults, validates, freezes. `known` is the list of scenario names. */
export function resolveBenchOptions(options: BenchOptions, known: readonly string[]): ResolvedBenchOptions {
  const preset = options.preset ?? 'ci';
  if (!(preset in PRESETS)) throw new OptionValueError('--preset', preset, `not one of ${Object.keys(PRESETS).join(', ')}`);
  const positive = (name: string, value: number | undefined, fallback: number) => {
    const v = value ?? fallback;
    if (!Number.isFinite(v) || v <= 0) throw new OptionValueError(`--${name}`, value, 'must be a positive number');
    return v;
  };
  const scenarios = options.scenarios ?? [...known];
  for (const name of scenarios) if (!known.includes(name)) throw new OptionValueError('--scenarios', name, `no such scenario; known: ${known.join(', ')}`);
  if (options.target !== undefined) {
    const url = new URL(options.target);
    if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) throw new OptionValueError('--target', options.target, 'must be a loopback address (127.0.0.1)');
  }
  const serverEnv = { ...options.serverEnv };
  for (const variable of Object.keys(serverEnv)) {
    if (!SERVER_VARIABLES.has(variable)) throw new OptionValueError('--server-env', variable, 'is not a variable the reference server reads (see reference-impl/config.ts)');
    if (RUNNER_OWNED.has(variable)) throw new OptionValueError('--server-env', variable, 'is set by the runner; use its own option (--time-scale, --profile, --seed, --redis)');
  }
  if (options.target !== undefined && Object.keys(serverEnv).length > 0) throw new OptionValueError('--server-env', Object.keys(serverEnv).join(','), 'has no effect with --target (the runner starts no server)');
  const ai = options.ai ?? 'mock';
  if (!['mock', 'openai', 'replay'].includes(ai)) throw new OptionValueError('--ai', ai, 'not one of mock, openai, replay');
  if (options.record !== undefined && ai !== 'openai') throw new OptionValueError('--record', options.record, 'records a real provider: use it with --ai openai');
  if (ai === 'replay' && options.recording === undefined) throw new OptionValueError('--ai', ai, 'needs --recording NAME (a folder under fixtures/recordings)');
  if (ai === 'openai' && options.recording !== undefined) throw new OptionValueError('--recording', options.recording, 'is replayed with --ai replay, or compared with the profile with --ai mock');
  if (options.target !== undefined && (ai !== 'mock' || options.record !== undefined)) throw new OptionValueError('--ai', ai, 'is the reference server\'s setting; a --target chooses its own');
  const maxConcurrency = positive('max-concurrency', options.maxConcurrency, 64);
  if (!Number.isInteger(maxConcurrency)) throw new OptionValueError('--max-concurrency', options.maxConcurrency, 'must be a whole number');
  return Object.freeze({
    preset,
    timeScale: positive('time-scale', options.timeScale, PRESETS[preset].timeScale),
    profile: options.profile ?? DEFAULT_BENCH_PROFILE,
    seed: options.seed ?? DEFAULT_BENCH_SEED,
    scenarios,
    repetitions: { ...PRESETS[preset].repetitions, ...options.repetitions },
    repetitionScale: positive('repetition-scale', options.repetitionScale, 1),
    maxConcurrency,
    target: options.target ?? null,
    redisUrl: options.redisUrl ?? null,
    out: options.out ?? DEFAULT_RESULTS_FILE,
    unitTimeoutProfileMs: positive('unit-timeout-profile-ms', options.unitTimeoutProfileMs, DEFAULT_UNIT_TIMEOUT_PROFILE_MS),
    serverEnv: Object.freeze(serverEnv),
    ai,
    record: options.record ?? null,
    recording: options.recording ?? null,
    recordingsDir: options.recordingsDir ?? DEFAULT_RECORDINGS_DIR,
  });
}
