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

/**
 * `record[key]` when the record holds the key itself, else undefined: a label or tag key named
 * `constructor` or `toString` (both valid) must not find Object's members, as a Go map lookup never does.
 */
export function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Sets `record[key]` as an own property, so a key named `__proto__` is data like any other, where an assignment would drop it. */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}
