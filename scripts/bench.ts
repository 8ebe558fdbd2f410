import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { givenOptions, OptionValueError, parseNumberOption } from '../harness/cli.ts';
import { resolveBenchOptions, type BenchOptions } from '../harness/bench-options.ts';
import { DEFAULT_BASELINE_FILE, type PresetName } from '../harness/defaults.ts';
import { BaselineError, buildBaseline } from '../harness/gate/baseline.ts';
import { gateHeadline, gateLines } from '../harness/gate/render-gate.ts';
import { runGate } from '../harness/gate/run-gate.ts';
import { progressReporter } from '../harness/progress.ts';
import { renderMarkdown } from '../harness/report/render-markdown.ts';
import { DEFAULT_HISTORY_DIR, SUMMARY_TABLES, writeReport } from '../harness/report/write-report.ts';
import { runBench } from '../harness/runner.ts';
import { ScenarioError } from '../harness/scenario-spec.ts';
import { writeResults } from '../harness/write-results.ts';
import { SCENARIOS } from '../scenarios/index.ts';

const USAGE = `usage: tsx scripts/bench.ts [--preset ci|full] [--time-scale N] [--profile NAME|FILE] [--seed N]
       [--scenarios a,b] [--repetition-scale N] [--max-concurrency N] [--target URL] [--redis URL] [--out FILE]
       [--server-env NAME=VALUE ...] [--gate] [--baseline FILE] [--write-baseline]
       [--ai mock|openai|replay] [--record NAME] [--recording NAME]
scenarios: ${Object.keys(SCENARIOS).join(', ')}
--gate            compare the run with the baseline (default ${DEFAULT_BASELINE_FILE}); exit 1 on a regression
--write-baseline  write the run as the baseline (npm run bench:baseline)
--ai openai       a real OpenAI-compatible endpoint (OPENAI_API_KEY, OPENAI_BASE_URL, AI_MODEL from the environment)
--record NAME     with --ai openai: save every AI answer under fixtures/recordings/NAME/
--recording NAME  with --ai replay: serve that recording; with --ai mock: compare the profile with it`;

function parse(): { bench: BenchOptions; gate: boolean; baseline: string; writeBaseline: boolean } {
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
      'server-env': { type: 'string', multiple: true },
      gate: { type: 'boolean' },
      baseline: { type: 'string' },
      'write-baseline': { type: 'boolean' },
      ai: { type: 'string' },
      record: { type: 'string' },
      recording: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const number = parseNumberOption;
  const serverEnv = values['server-env']?.map((pair) => {
    const at = pair.indexOf('=');
    if (at <= 0) throw new OptionValueError('--server-env', pair, 'must be NAME=VALUE');
    return [pair.slice(0, at), pair.slice(at + 1)] as const;
  });
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
    serverEnv: serverEnv ? Object.fromEntries(serverEnv) : undefined,
    ai: values.ai as BenchOptions['ai'],
    record: values.record,
    recording: values.recording,
  };
  return {
    bench: givenOptions(picked) as BenchOptions,
    gate: values.gate ?? false,
    baseline: values.baseline ?? DEFAULT_BASELINE_FILE,
    writeBaseline: values['write-baseline'] ?? false,
  };
}

try {
  const args = parse();
  const resolved = resolveBenchOptions(args.bench, Object.keys(SCENARIOS));
  const progress = progressReporter();
  const run = await runBench(resolved, SCENARIOS, progress.update);
  progress.end();
  writeResults(run.results, resolved.out);
  const dir = path.dirname(resolved.out);
  const problems = [...run.problems];
  let gate: { passed: boolean; lines: string[] } | undefined;
  let gateText = '';
  // The baseline is of the CI configuration: a run asked to measure something else (a real
  // provider, another time scale or profile, a --target) is not gated against it.
  const overridden = (['timeScale', 'profile', 'seed', 'ai', 'target', 'redisUrl'] as const).filter((k) => args.bench[k] !== undefined);
  if (args.gate && overridden.length > 0) {
    gateText = `Gate skipped: ${overridden.join(', ')} given, so this run does not measure what the baseline (${args.baseline}) measured.\n`;
  } else if (args.gate) {
    // A regressed cell is measured again, its scenario alone, before it may fail the run.
    const rerun = async (scenarios: string[]) => {
      process.stderr.write(`bench: cells regressed; measuring ${scenarios.join(', ')} again to confirm\n`);
      return (await runBench({ ...resolved, scenarios }, SCENARIOS, progress.update)).results;
    };
    const files = await runGate(run.results, args.baseline, SCENARIOS, dir, {}, process.env, rerun);
    gate = { passed: files.report.passed, lines: gateLines(files.report) };
    gateText = `${files.markdown}\nGate: ${files.markdownFile}, ${files.junitFile}${files.stepSummary ? `, appended to ${files.stepSummary}` : ''}\n`;
    if (!files.report.passed) problems.push(gateHeadline(files.report), ...files.report.failures.map((f) => `  ${f}`));
  }
  const files = writeReport(run.results, dir, DEFAULT_HISTORY_DIR, gate);
  process.stdout.write(`${renderMarkdown(run.results, files.tables.filter((t) => SUMMARY_TABLES.has(t.id)))}\n${gateText}`);
  process.stdout.write(`Results: ${resolved.out}; report: ${files.table}, ${files.html}, ${files.charts.length} charts in ${path.dirname(files.charts[0] ?? files.table)}\n`);
  if (args.writeBaseline) {
    if (run.problems.length > 0) {
      problems.push(`baseline not written: a baseline must come from a clean run`);
    } else {
      writeFileSync(args.baseline, `${JSON.stringify(buildBaseline(run.results))}\n`);
      process.stdout.write(`Baseline: ${args.baseline}\n`);
    }
  }
  if (problems.length > 0) {
    process.stderr.write(`bench failed:\n${problems.map((p) => `- ${p}`).join('\n')}\n`);
    process.exit(1);
  }
} catch (error) {
  if (error instanceof OptionValueError || error instanceof ScenarioError || error instanceof BaselineError) {
    process.stderr.write(`${error.message}\n${error instanceof OptionValueError ? USAGE + '\n' : ''}`);
    process.exit(2);
  }
  throw error;
}
