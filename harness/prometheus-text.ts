/** Series of a Prometheus text exposition, as `name{labels}` → value. Comments skipped. Pure. */
export function parsePrometheusText(text: string): Map<string, number> {
  const series = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    const value = Number(line.slice(space + 1));
    if (space > 0 && Number.isFinite(value)) series.set(line.slice(0, space), value);
  }
  return series;
}

/** The sum of a metric over all its label sets. Pure. */
export function sumMetric(series: ReadonlyMap<string, number>, name: string): number {
  let total = 0;
  for (const [key, value] of series) if (key === name || key.startsWith(`${name}{`)) total += value;
  return total;
}

/** A metric by one label's value, e.g. failures by `reason`. Pure. */
export function metricByLabel(series: ReadonlyMap<string, number>, name: string, label: string): Record<string, number> {
  const out: Record<string, number> = {};
  const pattern = new RegExp(`^${name}\\{.*\\b${label}="([^"]*)"`);
  for (const [key, value] of series) {
    const match = pattern.exec(key);
    if (match) out[match[1]!] = (out[match[1]!] ?? 0) + value;
  }
  return out;
}
