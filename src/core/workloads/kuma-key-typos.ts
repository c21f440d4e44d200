import type { KubeObject, Result } from '../types.ts';
import { isRecord } from '../json-record.ts';
import { describe, resultFor } from '../results.ts';
import { misspeltKumaKey } from '../kuma-api/metadata-keys.ts';

/**
 * One warning per label or annotation key of `metadata` that is a near miss of a key Kuma reads
 * (`kuma.io/sidecar-injecton: enabled`): the webhook and the control plane ignore it without a
 * word, so the workload is not injected, or injected without the setting, and nothing says why.
 * `prefix` is where `metadata` sits in `object` (`spec.template.` for a workload's pods).
 */
export function kumaKeyTypoResults(object: KubeObject, metadata: unknown, prefix: string): Result[] {
  if (!isRecord(metadata)) return [];
  const results: Result[] = [];
  for (const on of ['labels', 'annotations'] as const) {
    const map = metadata[on];
    if (!isRecord(map)) continue;
    for (const key of Object.keys(map)) {
      const meant = misspeltKumaKey(key);
      if (meant === undefined) continue;
      const field = `${prefix}metadata.${on}["${key}"]`;
      const what = on === 'labels' ? 'label' : 'annotation';
      results.push(
        resultFor(
          'KI0226',
          'warning',
          object,
          `${describe(object)}, ${field}: not a ${what} Kuma reads, so it does not do what "${meant}" does; did you mean that? Rename it, or remove it.`,
          field,
        ),
      );
    }
  }
  return results;
}
