import type { ResultsFile } from '../results.ts';
import type { ReportTable } from './report-tables.ts';

/**
 * Markdown cells: pipes and line breaks would break the table, and markup from data (an event
 * name) must show as text where the Markdown is rendered as HTML (a pull-request comment). Pure.
 */
export function markdownCell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    // Only what could open a tag or an entity: `<=` stays readable in a terminal.
    .replace(/&(?=#|[A-Za-z]+;)/g, '&amp;')
    .replace(/<(?=[A-Za-z/!?])/g, '&lt;')
    .replace(/\r?\n/g, ' ');
}

export function markdownTable(table: ReportTable): string {
  const line = (cells: string[]) => `| ${cells.map(markdownCell).join(' | ')} |`;
  return [
    `## ${table.title}`,
    '',
    ...(table.caption ? [`${table.caption}.`, ''] : []),
    line(table.header),
    line(table.header.map(() => '---')),
    ...table.rows.map(line),
  ].join('\n');
}

/** `table.md`: readable as a pull-request comment. Pure. */
export function renderMarkdown(results: ResultsFile, tables: readonly ReportTable[]): string {
  const t = results.totals;
  return [
    `# Bench run ${results.startedAt}`,
    '',
    `Profile \`${String(results.config.profile ?? 'target')}\`, seed ${String(results.config.seed)}, time scale ${results.timeScale}; ${t.sent} images: ${t.succeeded} succeeded, ${t.failed} failed, ${t.timedOut} timed out; wall time ${(results.wallMs / 1000).toFixed(1)} s.`,
    '',
    ...tables.map((table) => `${markdownTable(table)}\n`),
  ].join('\n');
}
