import type { JsonObject } from '../types.ts';
import { asArray, asRecord } from './kube-values.ts';
import { LABEL, type ProxyKind } from './labels.ts';

/** Labels the admission webhook moves into annotations before a Dataplane is stored. */
const MOVED_TO_ANNOTATIONS = [LABEL.serviceAccount, LABEL.workload] as const;

/**
 * What kuma-cp's mutating webhook makes of a Dataplane written by the Pod controller: the
 * spec-derived labels recomputed from the actual spec (proxy type, zone-proxy listener flags), then
 * `kuma.io/display-name` (the object name), `k8s.kuma.io/service-account` and `kuma.io/workload`
 * carried as annotations instead of labels. `proxyTypeLabel` false: the release has no
 * `kuma.io/proxy-type` label.
 */
export function storedForm(
  name: string,
  labels: Record<string, string>,
  spec: JsonObject,
  kind: ProxyKind = 'Dataplane',
  proxyTypeLabel = true,
): { labels: Record<string, string>; annotations: Record<string, string> } {
  const out = { ...labels };
  if (kind === 'Dataplane') recomputeSpecLabels(out, spec, proxyTypeLabel);
  const annotations: Record<string, string> = { [LABEL.displayName]: name };
  delete out[LABEL.displayName];
  for (const key of MOVED_TO_ANNOTATIONS) {
    const value = out[key];
    if (value !== undefined) annotations[key] = value;
    delete out[key];
  }
  return { labels: out, annotations };
}

function recomputeSpecLabels(out: Record<string, string>, spec: JsonObject, proxyTypeLabel: boolean): void {
  const networking = asRecord(spec['networking']);
  const listenerTypes = asArray(networking?.['listeners']).map((l) => asRecord(l)?.['type']);
  if (proxyTypeLabel) out[LABEL.proxyType] = asRecord(networking?.['gateway'])?.['type'] === 'BUILTIN' ? 'gateway' : 'sidecar';
  else delete out[LABEL.proxyType];
  if (listenerTypes.includes('ZoneIngress')) out[LABEL.listenerIngress] = 'enabled';
  else delete out[LABEL.listenerIngress];
  if (listenerTypes.includes('ZoneEgress')) out[LABEL.listenerEgress] = 'enabled';
  else delete out[LABEL.listenerEgress];
}
