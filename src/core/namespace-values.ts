import type { KubeObject, Result } from './types.ts';
import { isRecord } from './json-record.ts';
import { describe, resultFor } from './results.ts';

/**
 * One error per label or annotation value of a Namespace object that is not a string. YAML reads
 * `kuma.io/sidecar-injection: true` as the boolean true: the API server rejects the Namespace
 * (label values are strings), and the injector's namespace selector (`In [enabled, "true"]`)
 * would never match it. Saying so, with the quoted spelling, beats a message that reads as if the
 * value were the string "true".
 */
export function nonStringNamespaceValues(namespace: KubeObject): Result[] {
  const results: Result[] = [];
  for (const on of ['labels', 'annotations'] as const) {
    const map: unknown = namespace.metadata[on];
    if (!isRecord(map)) continue;
    for (const [key, value] of Object.entries(map)) {
      if (typeof value === 'string') continue;
      const field = `metadata.${on}["${key}"]`;
      results.push(
        resultFor(
          'KI0216',
          'error',
          namespace,
          `${describe(namespace)}, ${field}: ${on === 'labels' ? 'label' : 'annotation'} values must be strings (got ${yamlKind(value)}); ` +
            'Kubernetes rejects this Namespace, and the injector webhook never matches such a value. ' +
            `Quote it: ${key}: "${value === null || typeof value === 'object' ? '' : String(value)}"`,
          field,
        ),
      );
    }
  }
  return results;
}

/** How YAML read the value: `the YAML boolean true`, `the number 1`, `null`, `a list`. */
export function yamlKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'boolean') return `the YAML boolean ${String(value)}, not the string "${String(value)}"`;
  return `the ${typeof value} ${String(value)}`;
}
