/**
 * Loose plain-object views of the pod fields the workload layer reads. Kubernetes objects are JSON
 * here, so only the fields we touch are named and everything else passes through untouched.
 */

export { isRecord, type JsonRecord } from '../json-record.ts';
import { isRecord, stringEntries, type JsonRecord } from '../json-record.ts';

/** The list at `spec[key]` as records, or undefined when absent or not a list. */
export function recordList(spec: JsonRecord, key: string): JsonRecord[] | undefined {
  const value = spec[key];
  return Array.isArray(value) ? value.filter(isRecord) : undefined;
}

/**
 * The string entries of a map (labels, annotations), or {} when absent. A read-only view: never
 * write it back as the map, since entries that are not strings are left out (planWorkload refuses
 * such values up front, metadata-values.ts; code that rebuilds a map copies the raw one).
 */
export function stringMap(value: unknown): Record<string, string> {
  return stringEntries(value);
}
