/**
 * Readers for loosely typed Kubernetes objects as a YAML parser gives them. They mirror the
 * non-strict decoding the control plane applies: unknown keys are ignored, and scalars where a
 * string is expected (an unquoted `15006` annotation) are read as their text.
 */

import { asRecord } from '../json-record.ts';

export { asRecord };

/** The value as an array (empty when it is not one). */
export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Scalars as text (numbers and booleans the way YAML wrote them); '' for anything else. */
export function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

/** A string map (labels, annotations, selectors), scalar values read as text; null values dropped. */
export function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const record = asRecord(value);
  if (record === undefined) return out;
  for (const [key, v] of Object.entries(record)) {
    if (v === null || v === undefined) continue;
    out[key] = asText(v);
  }
  return out;
}

/** The keys of a map in byte order, the order Go's encoders and sorted key lists use. */
export function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A copy of a string map with its keys in byte order (how the API server serialises maps). */
export function sortedMap(map: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(map).sort(byteOrder)) out[key] = map[key] as string;
  return out;
}
