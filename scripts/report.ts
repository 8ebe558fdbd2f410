import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { RESULTS_SCHEMA_VERSION, type ResultsFile } from '../harness/results.ts';
import { DEFAULT_HISTORY_DIR, writeReport } from '../harness/report/write-report.ts';

/** Renders the report of an existing results file, without running anything. */
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'out-dir': { type: 'string' }, 'no-history': { type: 'boolean' } },
});
const file = positionals[0] ?? 'reports/results.json';
let results: ResultsFile;
try {
  results = JSON.parse(readFileSync(file, 'utf8')) as ResultsFile;
} catch (error) {
  process.stderr.write(`cannot read ${file}: ${(error as Error).message}\nrun \`npm run bench\` first, or name a results file\n`);
  process.exit(2);
}
if (results.schemaVersion !== RESULTS_SCHEMA_VERSION) {
  process.stderr.write(`${file} has schema version ${String(results.schemaVersion)}; this report reads version ${RESULTS_SCHEMA_VERSION}\n`);
  process.exit(2);
}
const files = writeReport(results, values['out-dir'] ?? path.dirname(file), values['no-history'] ? null : DEFAULT_HISTORY_DIR);
process.stdout.write(`${files.table}\n${files.html}\n${files.charts.join('\n')}\n`);
