import type { KubeObject, Result } from '../types.ts';
import { isRecord } from './json-shapes.ts';
import { templateFieldPrefix, type FoundPodTemplate } from './pod-template.ts';
import { workloadResult } from './workload-results.ts';

/**
 * Returns one error per label or annotation value of the workload (its own metadata and its pod
 * template's) that is not a string, and per labels/annotations field that is not a map. The API
 * server rejects such objects, and the workload layer reads these maps as string maps: passing
 * them through a re-render or uninject would lose the value, so the workload is refused on the
 * first run instead. A missing or null map is fine (the API server treats it as empty).
 */
export function nonStringMetadata(object: KubeObject, found: FoundPodTemplate): Result[] {
  const places: { prefix: string; metadata: unknown }[] = [{ prefix: templateFieldPrefix(found.path), metadata: found.template.metadata }];
  // A bare Pod is its own template; any other workload has its own metadata besides.
  if (found.path.length > 0) places.push({ prefix: '', metadata: object.metadata });
  const results: Result[] = [];
  for (const { prefix, metadata } of places) {
    if (!isRecord(metadata)) continue;
    for (const on of ['labels', 'annotations'] as const) {
      const map = metadata[on];
      const what = on === 'labels' ? 'label' : 'annotation';
      if (map === undefined || map === null) continue;
      const field = `${prefix}metadata.${on}`;
      if (!isRecord(map)) {
        results.push(
          workloadResult(
            'KI0216',
            'error',
            object,
            `${on} must be a map of strings (got ${shown(map)}); expected key: "value" pairs. Write it as a map, or remove it.`,
            field,
          ),
        );
        continue;
      }
      for (const [key, value] of Object.entries(map)) {
        if (typeof value === 'string') continue;
        results.push(
          workloadResult(
            'KI0216',
            'error',
            object,
            `${what} values must be strings (got ${shown(value)}); Kubernetes rejects any other type, and kuma-inject would not keep it across runs. ` +
              `Quote the value in the manifest exactly as you want it kept (e.g. ${key}: "${example(value)}"): unquoted numbers, true/false and null are not strings in YAML.`,
            `${field}${keyPath(key)}`,
          ),
        );
      }
    }
  }
  return results;
}

/** `.tier` for a plain key, `["checksum/config"]` for one with dots, slashes or other marks. */
function keyPath(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? `.${key}` : `["${key}"]`;
}

function shown(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  return `${typeof value} ${String(value)}`;
}

function example(value: unknown): string {
  return value === null || typeof value === 'object' ? '' : String(value);
}
