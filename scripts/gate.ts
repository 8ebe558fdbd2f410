import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { OptionValueError, parseNumberOption } from '../harness/cli.ts';
import { DEFAULT_BASELINE_FILE, DEFAULT_RESULTS_FILE } from '../harness/defaults.ts';
import { BaselineError } from '../harness/gate/baseline.ts';
import type { GateOptions } from '../harness/gate/gate-options.ts';
import { gateHeadline } from '../harness/gate/render-gate.ts';
import { runGate } from '../harness/gate/run-gate.ts';
import { RESULTS_SCHEMA_VERSION, type ResultsFile } from '../harness/results.ts';
import { SCENARIOS } from '../scenarios/index.ts';

const USAGE = `usage: tsx scripts/gate.ts [RESULTS] [--baseline FILE] [--tolerance 0.10] [--noise-floor-ms 3]
       [--percentile 95] [--strict-environment] [--compare-changed-configuration]
Compares a results file (default ${DEFAULT_RESULTS_FILE}) with the baseline (default ${DEFAULT_BASELINE_FILE});
writes gate.md and gate-junit.xml beside the results; exit 1 when a cell regressed or a threshold failed.`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    baseline: { type: 'string' },
    tolerance: { type: 'string' },
    'noise-floor-ms': { type: 'string' },
    percentile: { type: 'string' },
    'strict-environment': { type: 'boolean' },
    'compare-changed-configuration': { type: 'boolean' },
    help: { type: 'boolean' },
  },
});
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const file = positionals[0] ?? DEFAULT_RESULTS_FILE;
try {
  let results: ResultsFile;
  try {
    results = JSON.parse(readFileSync(file, 'utf8')) as ResultsFile;
  } catch (error) {
    throw new BaselineError(`cannot read ${file}: ${(error as Error).message} (run npm run bench first)`);
  }
  if (results.schemaVersion !== RESULTS_SCHEMA_VERSION) throw new BaselineError(`${file} has results schema version ${String(results.schemaVersion)}; this gate reads ${RESULTS_SCHEMA_VERSION}`);
  const number = parseNumberOption;
  const options: GateOptions = {
    tolerance: number('tolerance', values.tolerance),
    noiseFloorWallMs: number('noise-floor-ms', values['noise-floor-ms']),
    percentile: number('percentile', values.percentile) as GateOptions['percentile'],
    strictEnvironment: values['strict-environment'],
    compareChangedConfiguration: values['compare-changed-configuration'],
  };
  // Files only: nothing can be run again here, so a regressed cell fails unconfirmed.
  const files = await runGate(results, values.baseline ?? DEFAULT_BASELINE_FILE, SCENARIOS, path.dirname(file), options);
  process.stdout.write(`${files.markdown}\n${files.markdownFile}\n${files.junitFile}\n`);
  if (!files.report.passed) {
    process.stderr.write(`${gateHeadline(files.report)}\n`);
    process.exit(1);
  }
} catch (error) {
  if (error instanceof BaselineError || error instanceof OptionValueError) {
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    process.exit(2);
  }
  throw error;
}
