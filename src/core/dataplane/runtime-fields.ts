import type { JsonObject } from '../types.ts';
import { asArray, asRecord, stringMap } from './kube-values.ts';
import { hasPlaceholder } from './runtime-placeholders.ts';

/**
 * The fields of a preview that only Kubernetes can fill in: the ones holding a placeholder, and
 * the readiness fields, which show the steady state (Ready) rather than what a new Pod reports.
 * `outboundsAtRuntime`: kuma-cp writes `spec.networking.outbound` (kubeOutboundsAsVIPs off) from
 * every Dataplane of the mesh in the cluster, which a preview cannot know, so the field is left out.
 */
export function runtimeFields(podName: string, labels: Record<string, string>, spec: JsonObject, outboundsAtRuntime = false): string[] {
  const fields: string[] = [];
  if (hasPlaceholder(podName))
    fields.push('metadata.name', 'metadata.annotations[kuma.io/display-name]', 'metadata.ownerReferences[0].name');
  fields.push('metadata.ownerReferences[0].uid');
  for (const [key, value] of Object.entries(labels)) if (hasPlaceholder(value)) fields.push(`metadata.labels[${key}]`);
  const networking = asRecord(spec['networking']) ?? {};
  fields.push('spec.networking.address');
  if (outboundsAtRuntime) fields.push('spec.networking.outbound');
  const inbounds = asArray(networking['inbound']);
  if (inbounds.length > 0) fields.push('spec.networking.inbound[*].health', 'spec.networking.inbound[*].state');
  const tagKeys = new Set<string>();
  for (const inbound of inbounds) {
    for (const [key, value] of Object.entries(stringMap(asRecord(inbound)?.['tags']))) if (hasPlaceholder(value)) tagKeys.add(key);
  }
  for (const key of tagKeys) fields.push(`spec.networking.inbound[*].tags[${key}]`);
  for (const [key, value] of Object.entries(stringMap(asRecord(networking['gateway'])?.['tags']))) {
    if (hasPlaceholder(value)) fields.push(`spec.networking.gateway.tags[${key}]`);
  }
  for (const key of ['advertisedAddress', 'advertisedPort']) {
    if (typeof networking[key] === 'string' && hasPlaceholder(networking[key])) fields.push(`spec.networking.${key}`);
  }
  if (asArray(networking['listeners']).length > 0)
    fields.push('spec.networking.listeners[*].address', 'spec.networking.listeners[*].state');
  return fields;
}
