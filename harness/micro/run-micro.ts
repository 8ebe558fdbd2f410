import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Bench } from 'tinybench';
import { readEnvironment } from '../environment.ts';
import { buildKeyProbes } from './key-probes.ts';
import { judgeKeyStrategies, KEY_STRATEGIES } from './cache-key-strategies.ts';
import { MICRO_BATCH_DEPENDENCY, MICRO_BATCH_TASKS } from './micro-defaults.ts';
import { loadMicroInputs, type MicroImage } from './micro-inputs.ts';
import { resolveMicroOptions, type MicroOptions } from './micro-options.ts';
import {
  MICRO_SCHEMA_VERSION,
  meanNs,
  singleflightOverhead,
  toMicroRows,
  type BatchMakespan,
  type MicroImageInfo,
  type MicroResults,
} from './micro-results.ts';
import {
  checkMicroTasks,
  microTasks,
  MICRO_SCHEDULE_SIZES,
  scheduleTaskId,
  SINGLEFLIGHT_DIRECT_ID,
  SINGLEFLIGHT_WRAPPED_ID,
  timedSample,
} from './micro-tasks.ts';
import { drawDurationsMs, simulateMakespan } from './simulate-batch.ts';
import { virtualMakespan } from './virtual-batch.ts';

function tinybenchVersion(): string {
  const entry = createRequire(import.meta.url).resolve('tinybench');
  const pkg = JSON.parse(readFileSync(path.join(path.dirname(entry), '..', 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

const info = ({ id, mime, bytes, base64Chars }: MicroImage): MicroImageInfo => ({ id, mime, bytes, base64Chars });

/**
 * Runs the micro-benchmarks with tinybench and returns the results as plain data. Inputs are
 * loaded and every task's answer checked before any timing; nothing is printed while measuring.
 */
export async function runMicro(options: MicroOptions = {}): Promise<MicroResults> {
  const config = resolveMicroOptions(options);
  const environment = readEnvironment();
  const inputs = await loadMicroInputs(config);
  const tasks = microTasks(inputs);
  await checkMicroTasks(tasks);

  const cacheKeys = judgeKeyStrategies(KEY_STRATEGIES, buildKeyProbes(Buffer.from(inputs.small.base64, 'base64')));
  const durationsMs = drawDurationsMs(inputs.batchDistribution, config.batchSeed, MICRO_BATCH_TASKS);
  const makespans: Omit<BatchMakespan, 'schedulerNsPerBatch'>[] = [];
  for (const strategy of ['chunk', 'pool'] as const) {
    makespans.push({
      strategy,
      simulatedMs: simulateMakespan(durationsMs, strategy, MICRO_SCHEDULE_SIZES),
      virtualClockMs: await virtualMakespan(durationsMs, strategy, MICRO_SCHEDULE_SIZES),
    });
  }

  const bench = new Bench({
    name: 'micro',
    time: config.timeMs,
    warmup: config.warmupTimeMs > 0 || config.warmupIterations > 0,
    warmupTime: config.warmupTimeMs,
    iterations: config.minIterations,
    warmupIterations: config.warmupIterations,
    throws: false,
  });
  const now = () => bench.now();
  for (const task of tasks) bench.add(task.id, timedSample(task, now), { async: task.kind === 'async' });
  await bench.run();

  const rows = toMicroRows(tasks, bench.tasks);
  return {
    schemaVersion: MICRO_SCHEMA_VERSION,
    kind: 'micro',
    config: { ...config, tinybenchVersion: tinybenchVersion(), timestampProvider: bench.timestampProvider.name },
    environment,
    images: { small: info(inputs.small), large: info(inputs.large) },
    rows,
    cacheKeys,
    singleflight: singleflightOverhead(rows, SINGLEFLIGHT_DIRECT_ID, SINGLEFLIGHT_WRAPPED_ID),
    batch: {
      clock: 'virtual',
      tasks: MICRO_BATCH_TASKS,
      sizes: MICRO_SCHEDULE_SIZES,
      latencyProfile: config.latencyProfile,
      dependency: MICRO_BATCH_DEPENDENCY,
      distribution: inputs.batchDistribution,
      seed: config.batchSeed,
      durationsMs,
      makespans: makespans.map((m) => ({ ...m, schedulerNsPerBatch: meanNs(rows, scheduleTaskId(m.strategy)) })),
    },
  };
}
