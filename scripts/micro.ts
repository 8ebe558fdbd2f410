import { parseArgs } from 'node:util';
import { OptionValueError, parseNumberOption, writeJsonAndMarkdown } from '../harness/cli.ts';
import { DEFAULT_MICRO_OUT_FILE, DEFAULT_MICRO_TIME_MS, DEFAULT_MICRO_WARMUP_TIME_MS } from '../harness/micro/micro-defaults.ts';
import type { MicroOptions } from '../harness/micro/micro-options.ts';
import { renderMicroMarkdown } from '../harness/micro/render-micro.ts';
import { runMicro } from '../harness/micro/run-micro.ts';

const USAGE = `usage: tsx scripts/micro.ts [--time-ms N] [--warmup-ms N] [--out FILE]
--time-ms N    time budget per task, ms (default ${DEFAULT_MICRO_TIME_MS})
--warmup-ms N  warm-up per task, ms (default ${DEFAULT_MICRO_WARMUP_TIME_MS})
--out FILE     results JSON (default ${DEFAULT_MICRO_OUT_FILE}); the Markdown goes beside it as .md`;

function parse(): { micro: MicroOptions; out: string } {
  const { values } = parseArgs({
    options: { 'time-ms': { type: 'string' }, 'warmup-ms': { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const number = parseNumberOption;
  const micro: MicroOptions = {};
  const timeMs = number('time-ms', values['time-ms']);
  const warmupTimeMs = number('warmup-ms', values['warmup-ms']);
  if (timeMs !== undefined) micro.timeMs = timeMs;
  if (warmupTimeMs !== undefined) micro.warmupTimeMs = warmupTimeMs;
  return { micro, out: values.out ?? DEFAULT_MICRO_OUT_FILE };
}

try {
  const args = parse();
  const results = await runMicro(args.micro);
  const markdown = renderMicroMarkdown(results);
  const mdFile = writeJsonAndMarkdown(args.out, results, markdown);
  process.stdout.write(`${markdown}\nResults: ${args.out}; table: ${mdFile}\n`);
  const failed = results.rows.flatMap((r) => (r.state === 'completed' ? [] : [`- ${r.id}: ${r.error}`]));
  if (failed.length > 0) {
    process.stderr.write(`micro failed:\n${failed.join('\n')}\n`);
    process.exit(1);
  }
} catch (error) {
  if (error instanceof OptionValueError) {
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    process.exit(2);
  }
  throw error;
}
