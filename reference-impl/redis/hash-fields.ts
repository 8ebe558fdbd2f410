/** A record as Redis hash fields, each value JSON, so one field can change without the rest. Pure. */
export function toFields(record: object): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(record)) if (value !== undefined) fields[name] = JSON.stringify(value);
  return fields;
}

/** The inverse of `toFields`. Pure. */
export function fromFields(fields: Record<string, string>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, JSON.parse(value)]));
}
