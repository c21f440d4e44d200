import { isRecord } from '../core/json-record.ts';

/**
 * Deep merge for settings layers: mappings merge key by key, anything else (lists, scalars) is
 * replaced by the later layer, as kuma-cp's own config loading does with its YAML file.
 */
export function mergeSettings<T>(base: T, ...layers: readonly unknown[]): T {
  let merged: unknown = base;
  for (const layer of layers) merged = mergeTwo(merged, layer);
  return merged as T;
}

function mergeTwo(base: unknown, layer: unknown): unknown {
  if (layer === undefined) return base;
  if (!isRecord(base) || !isRecord(layer)) return structuredClone(layer);
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(layer)) out[key] = mergeTwo(base[key], value);
  return out;
}
