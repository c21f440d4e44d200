/** A JSON mapping as a YAML or JSON parser gives it. */
export type JsonRecord = Record<string, unknown>;

/** True for a mapping: an object that is neither null nor a list. */
export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value when it is a mapping, else undefined. */
export function asRecord(value: unknown): JsonRecord | undefined {
  return isRecord(value) ? value : undefined;
}

/** The entries of a mapping whose values are strings (labels, tags, selectors); {} for anything else. */
export function stringEntries(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(asRecord(value) ?? {})) if (typeof v === 'string') out[key] = v;
  return out;
}
