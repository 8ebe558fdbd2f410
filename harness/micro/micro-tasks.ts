import type { FnReturnedObject } from 'tinybench';
import { DEFAULT_CHUNK_SIZE, DEFAULT_MAX_BASE64_CHARS, DEFAULT_POOL_SIZE } from '../../reference-impl/defaults.ts';
import { schedule, type ScheduleSizes } from '../../reference-impl/pipeline/batch-schedule.ts';
import { eventMetadataSchema, extractedEventSchema } from '../../reference-impl/pipeline/event-schema.ts';
import { decodeImage } from '../../reference-impl/pipeline/image-check.ts';
import { MemorySingleflight } from '../../reference-impl/stores/memory-singleflight.ts';
import { KEY_STRATEGIES } from './cache-key-strategies.ts';
import { MICRO_BATCH_TASKS } from './micro-defaults.ts';
import type { MicroImage, MicroInputs } from './micro-inputs.ts';
import type { MicroTaskInfo } from './micro-results.ts';

/** The scheduler's sizes, as the server runs it by default. */
export const MICRO_SCHEDULE_SIZES: ScheduleSizes = { poolSize: DEFAULT_POOL_SIZE, chunkSize: DEFAULT_CHUNK_SIZE };

export const SINGLEFLIGHT_DIRECT_ID = 'singleflight.direct';
export const SINGLEFLIGHT_WRAPPED_ID = 'singleflight.wrapped';
export const scheduleTaskId = (strategy: 'chunk' | 'pool') => `schedule.${strategy}`;

/** One benchmark: what it calls, and the check that the call does the real work. */
export type MicroTask = MicroTaskInfo &
  (
    | { kind: 'sync'; call: () => unknown; check: (value: unknown) => boolean }
    | { kind: 'async'; call: () => Promise<unknown>; check: (value: unknown) => boolean }
  );

/** Every result is stored here, so the JIT cannot drop the work that made it. */
let sink: unknown;
export const lastSinkValue = (): unknown => sink;

const describe = (image: MicroImage) =>
  `${image.id} (${image.bytes.toLocaleString('en-US')} B, ${image.base64Chars.toLocaleString('en-US')} chars)`;
const isHex = (length: number) => (value: unknown) => typeof value === 'string' && value.length === length && /^[0-9a-f]+$/.test(value);
const succeeded = (value: unknown) => (value as { success?: unknown }).success === true;

function cacheKeyTasks(images: readonly (readonly ['small' | 'large', MicroImage])[]): MicroTask[] {
  return images.flatMap(([size, image]) =>
    KEY_STRATEGIES.map((strategy): MicroTask => ({
      id: `cache-key.${strategy.id}.${size}`,
      group: 'cache-key',
      label: strategy.label,
      input: describe(image),
      // The slice is a few nanoseconds: timed in batches so the timer's own cost stays out.
      callsPerSample: strategy.id === 'slice' ? 1000 : 1,
      keyStrategy: strategy.id,
      kind: 'sync',
      call: () => strategy.key(image.base64),
      check: {
        slice: (v: unknown) => typeof v === 'string' && v.startsWith(`${image.base64Chars}:`),
        'md5-string': isHex(32),
        'sha256-string': isHex(64),
        'sha256-bytes': (v: unknown) => v === image.sha256,
      }[strategy.id],
    })),
  );
}

function decodeTasks(images: readonly (readonly ['small' | 'large', MicroImage])[]): MicroTask[] {
  return images.map(([size, image]): MicroTask => ({
    id: `decode.${size}`,
    group: 'decode',
    label: 'decodeImage: size, alphabet, decode, type sniff, SHA-256',
    input: describe(image),
    callsPerSample: 1,
    kind: 'sync',
    call: () => decodeImage(image.base64, DEFAULT_MAX_BASE64_CHARS),
    check: (v) => (v as { sha256?: unknown }).sha256 === image.sha256,
  }));
}

function zodTasks(inputs: MicroInputs): MicroTask[] {
  const answer = (kind: 'event' | 'metadata', content: string, schema: typeof extractedEventSchema | typeof eventMetadataSchema): MicroTask => ({
    id: `zod.${kind}`,
    group: 'zod',
    label: `JSON.parse + ${kind === 'event' ? 'extractedEventSchema' : 'eventMetadataSchema'}.safeParse`,
    input: `mock AI ${kind} answer for ${inputs.small.id} (${content.length} chars)`,
    callsPerSample: 100,
    kind: 'sync',
    // The extractor's parseAnswer: JSON.parse of the content, then the schema.
    call: () => schema.safeParse(JSON.parse(content)),
    check: succeeded,
  });
  return [answer('event', inputs.answers.event, extractedEventSchema), answer('metadata', inputs.answers.metadata, eventMetadataSchema)];
}

function singleflightTasks(inputs: MicroInputs): MicroTask[] {
  const flight = new MemorySingleflight();
  const value = inputs.answers.event;
  const work = async () => value;
  const common = { group: 'singleflight', input: 'an async function that returns at once', callsPerSample: 100, kind: 'async' } as const;
  return [
    { ...common, id: SINGLEFLIGHT_DIRECT_ID, label: 'await work()', call: () => work(), check: (v) => v === value },
    {
      ...common,
      id: SINGLEFLIGHT_WRAPPED_ID,
      label: 'await MemorySingleflight.run(key, work)',
      // One key, each run finished before the next: the unshared path every first request takes.
      call: () => flight.run('micro-key', work),
      check: (v) => (v as { value?: unknown; shared?: unknown }).value === value && (v as { shared?: unknown }).shared === false,
    },
  ];
}

function scheduleTasks(): MicroTask[] {
  const items = Array.from({ length: MICRO_BATCH_TASKS }, (_, i) => i);
  const work = async (item: number) => item;
  return (['chunk', 'pool'] as const).map((strategy): MicroTask => ({
    id: scheduleTaskId(strategy),
    group: 'schedule',
    label: `schedule() '${strategy}' of ${MICRO_BATCH_TASKS} zero-duration tasks (pool ${MICRO_SCHEDULE_SIZES.poolSize}, chunk ${MICRO_SCHEDULE_SIZES.chunkSize})`,
    input: `${MICRO_BATCH_TASKS} async functions that return at once`,
    callsPerSample: 10,
    kind: 'async',
    call: () => schedule(items, strategy, MICRO_SCHEDULE_SIZES, work),
    check: (v) => Array.isArray(v) && v.length === items.length && v.every((s: PromiseSettledResult<number>, i) => s.status === 'fulfilled' && s.value === i),
  }));
}

/** The suite, in the order it runs and is reported. */
export function microTasks(inputs: MicroInputs): MicroTask[] {
  const images = [['small', inputs.small], ['large', inputs.large]] as const;
  return [...cacheKeyTasks(images), ...decodeTasks(images), ...zodTasks(inputs), ...singleflightTasks(inputs), ...scheduleTasks()];
}

/** Runs each task once and throws unless it gives the answer it must: a benchmark of a failure path measures nothing. */
export async function checkMicroTasks(tasks: readonly MicroTask[]): Promise<void> {
  for (const task of tasks) {
    const value = task.kind === 'sync' ? task.call() : await task.call();
    if (!task.check(value)) throw new Error(`micro task ${task.id} did not give the expected result`);
  }
}

/**
 * The function tinybench times for a task: `callsPerSample` calls, timed with the bench's clock;
 * a sample is their mean, and the whole batch counts against the time budget.
 */
export function timedSample(task: MicroTask, now: () => number): () => FnReturnedObject | Promise<FnReturnedObject> {
  const n = task.callsPerSample;
  const done = (startMs: number): FnReturnedObject => {
    const elapsedMs = now() - startMs;
    return { overriddenDuration: elapsedMs / n, overriddenIterationCost: elapsedMs };
  };
  if (task.kind === 'sync') {
    const call = task.call;
    return () => {
      const start = now();
      for (let i = 0; i < n; i++) sink = call();
      return done(start);
    };
  }
  const call = task.call;
  return async () => {
    const start = now();
    for (let i = 0; i < n; i++) sink = await call();
    return done(start);
  };
}
