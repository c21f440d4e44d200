import type { KubeObject, Result } from '../types.ts';
import { isRecord } from '../json-record.ts';
import { describe, resultFor } from '../results.ts';
import { isKumaPodKey } from '../kuma-api/metadata-keys.ts';

/**
 * One warning per Kuma pod key (`kuma.io/sidecar-injection: disabled`, `kuma.io/virtual-probes`)
 * on a workload's own metadata that its pod template does not carry: the webhook reads the pod's
 * labels and annotations only, so the key opts nothing in or out and sets nothing. A key the
 * template carries too is taken as a copy on purpose. `templatePrefix` is where the pod
 * template's metadata sits (`spec.template.`).
 */
export function misplacedKumaKeyResults(object: KubeObject, templateMetadata: unknown, templatePrefix: string): Result[] {
  const results: Result[] = [];
  const template = isRecord(templateMetadata) ? templateMetadata : {};
  for (const on of ['labels', 'annotations'] as const) {
    const own = object.metadata[on];
    if (!isRecord(own)) continue;
    const pods = isRecord(template[on]) ? template[on] : {};
    for (const key of Object.keys(own)) {
      if (!isKumaPodKey(key) || Object.hasOwn(pods, key)) continue;
      const field = `metadata.${on}["${key}"]`;
      const what = on === 'labels' ? 'label' : 'annotation';
      results.push(
        resultFor(
          'KI0227',
          'warning',
          object,
          `${describe(object)}, ${field}: Kuma reads this ${what} on the pods, not on the ${object.kind}, so here it has no effect; move it to ${templatePrefix}metadata.${on}.`,
          field,
        ),
      );
    }
  }
  return results;
}
