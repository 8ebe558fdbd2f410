import path from 'node:path';
import { parseArgs } from 'node:util';
import { BenchOptionError, resolveBenchOptions, type BenchOptions } from '../harness/bench-options.ts';
import type { PresetName } from '../harness/defaults.ts';
import { progressReporter } from '../harness/progress.ts';
import { runBench } from '../harness/runner.ts';
import { ScenarioError } from '../harness/scenario-spec.ts';
import { renderMarkdown } from '../harness/report/render-markdown.ts';
import { DEFAULT_HISTORY_DIR, SUMMARY_TABLES, writeReport } from '../harness/report/write-report.ts';
import { writeResults } from '../harness/write-results.ts';
import { SCENARIOS } from '../scenarios/index.ts';

const USAGE = `usage: tsx scripts/bench.ts [--preset ci|full] [--time-scale N] [--profile NAME|FILE] [--seed N]
       [--scenarios a,b] [--repetition-scale N] [--max-concurrency N] [--target URL] [--redis URL] [--out FILE]
scenarios: ${Object.keys(SCENARIOS).join(', ')}`;

function options(): BenchOptions {
  const { values } = parseArgs({
    options: {
      preset: { type: 'string' },
      'time-scale': { type: 'string' },
      profile: { type: 'string' },
      seed: { type: 'string' },
      scenarios: { type: 'string' },
      'repetition-scale': { type: 'string' },
      'max-concurrency': { type: 'string' },
      target: { type: 'string' },
      redis: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const number = (name: string, value: string | undefined) => {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n)) throw new BenchOptionError(name, value, 'must be a number');
    return n;
  };
  const picked: BenchOptions = {
    preset: values.preset as PresetName | undefined,
    timeScale: number('time-scale', values['time-scale']),
    profile: values.profile,
    seed: number('seed', values.seed),
    scenarios: values.scenarios?.split(',').map((s) => s.trim()).filter(Boolean),
    repetitionScale: number('repetition-scale', values['repetition-scale']),
    maxConcurrency: number('max-concurrency', values['max-concurrency']),
    target: values.target,
    redisUrl: values.redis,
    out: values.out,
  };
  return Object.fromEntries(Object.entries(picked).filter(([, v]) => v !== undefined)) as BenchOptions;
}

try {
  const resolved = resolveBenchOptions(options(), Object.keys(SCENARIOS));
  const progress = progressReporter();
  const run = await runBench(resolved, SCENARIOS, progress.update);
  progress.end();
  writeResults(run.results, resolved.out);
  const files = writeReport(run.results, path.dirname(resolved.out), DEFAULT_HISTORY_DIR);
  process.stdout.write(`${renderMarkdown(run.results, files.tables.filter((t) => SUMMARY_TABLES.has(t.id)))}\n`);
  process.stdout.write(`Results: ${resolved.out}; report: ${files.table}, ${files.html}, ${files.charts.length} charts in ${path.dirname(files.charts[0] ?? files.table)}\n`);
  if (run.problems.length > 0) {
    process.stderr.write(`bench failed:\n${run.problems.map((p) => `- ${p}`).join('\n')}\n`);
    process.exit(1);
  }
} catch (error) {
  if (error instanceof BenchOptionError || error instanceof ScenarioError) {
    process.stderr.write(`${error.message}\n${error instanceof BenchOptionError ? USAGE + '\n' : ''}`);
    process.exit(2);
  }
  throw error;
}
