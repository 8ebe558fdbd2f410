import { parseArgs } from 'node:util';
import { OptionValueError, parseNumberOption, writeJsonAndMarkdown } from '../harness/cli.ts';
import { resolveLoadOptions, type LoadOptions } from '../harness/load/load-options.ts';
import { loadTables } from '../harness/load/render-load.ts';
import { runLoad } from '../harness/load/run-load.ts';
import { markdownTable } from '../harness/report/render-markdown.ts';

const USAGE = `usage: tsx scripts/load.ts [--sections closed,cached,open,overload] [--connections N] [--closed-s N]
       [--cached-count N] [--rate N] [--open-s N] [--overload-rates 20,40,...] [--step-s N]
       [--profile NAME|FILE] [--time-scale N] [--max-pending N] [--out FILE]
Loads the reference server on 127.0.0.1 (it starts its own); every part is bounded in time.`;

const { values } = parseArgs({
  options: {
    sections: { type: 'string' },
    connections: { type: 'string' },
    'closed-s': { type: 'string' },
    'cached-count': { type: 'string' },
    rate: { type: 'string' },
    'open-s': { type: 'string' },
    'overload-rates': { type: 'string' },
    'step-s': { type: 'string' },
    profile: { type: 'string' },
    'time-scale': { type: 'string' },
    'max-pending': { type: 'string' },
    out: { type: 'string' },
    help: { type: 'boolean' },
  },
});
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const number = parseNumberOption;
try {
  const picked: LoadOptions = {
    sections: values.sections?.split(',').map((s) => s.trim()).filter(Boolean),
    closedConnections: number('connections', values.connections),
    closedDurationS: number('closed-s', values['closed-s']),
    cachedCount: number('cached-count', values['cached-count']),
    openRatePerS: number('rate', values.rate),
    openDurationS: number('open-s', values['open-s']),
    overloadRatesPerS: values['overload-rates']?.split(',').map((r) => number('overload-rates', r)!),
    overloadStepS: number('step-s', values['step-s']),
    profile: values.profile,
    timeScale: number('time-scale', values['time-scale']),
    maxPendingImages: number('max-pending', values['max-pending']),
    out: values.out,
  };
  const options = resolveLoadOptions(picked);
  const results = await runLoad(options, (line) => process.stderr.write(`load: ${line}\n`));
  const markdown = [`# Load run ${results.startedAt}`, '', `Node ${results.environment.node}, ${results.environment.cpuCount} × ${results.environment.cpuModel}, commit ${results.environment.gitCommit ?? 'unknown'}; wall time ${(results.wallMs / 1000).toFixed(0)} s.`, '', ...loadTables(results).map((t) => `${markdownTable(t)}\n`)].join('\n');
  const mdFile = writeJsonAndMarkdown(options.out, results, markdown);
  process.stdout.write(`${markdown}\nResults: ${options.out}, ${mdFile}\n`);
  const lost = [results.open?.summary, ...(results.overload?.steps.map((s) => s.summary) ?? [])].filter((s) => s && s.imagesLost + s.imagesTimedOut > 0);
  if (lost.length > 0) {
    process.stderr.write(`load failed: accepted images without an outcome at ${lost.map((s) => `${s!.offeredRatePerS}/s`).join(', ')}\n`);
    process.exit(1);
  }
} catch (error) {
  if (error instanceof OptionValueError) {
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    process.exit(2);
  }
  throw error;
}
