import type { JsonObject, KubeObject } from '../types.ts';
import { storedForm } from './admission.ts';
import { sortedMap } from './kube-values.ts';
import { LABEL, type ProxyKind } from './labels.ts';
import { LOCAL_CONFIG, NODE_LABEL_TAGS, PREVIEW_OF, PREVIEW_SERVICES, previewKey, RUNTIME_FIELDS } from './preview-identity.ts';
import { runtimeFields } from './runtime-fields.ts';
import { PLACEHOLDER } from './runtime-placeholders.ts';

/** What a preview is built from: the converter's output plus where it came from. */
export interface PreviewParts {
  kind: ProxyKind;
  /** Top-level mesh (Dataplanes only). */
  mesh?: string;
  owner: KubeObject;
  namespace: string;
  podName: string;
  /** Labels as the converter computed them. */
  labels: Record<string, string>;
  spec: JsonObject;
  services: readonly string[];
  nodeLabelsToCopy: readonly string[];
  /** kuma-cp fills `spec.networking.outbound` in the cluster (kubeOutboundsAsVIPs off). */
  outboundsAtRuntime?: boolean;
  /** The release labels Dataplanes with `kuma.io/proxy-type` (default true). */
  proxyTypeLabel?: boolean;
}

/**
 * The preview object in the form kuma-cp stores (after its admission webhook), named after the
 * Pod and owned by it, carrying our marker, the local-config annotation and the runtime-field list.
 */
export function previewObject(parts: PreviewParts): KubeObject {
  const stored = storedForm(parts.podName, parts.labels, parts.spec, parts.kind, parts.proxyTypeLabel ?? true);
  const labels = stored.labels;
  if (labels[LABEL.zone] === '') delete labels[LABEL.zone]; // no zone name: no zone label
  const annotations: Record<string, string> = {
    [LOCAL_CONFIG]: 'true',
    [PREVIEW_OF]: previewKey(parts.owner, parts.namespace),
    [RUNTIME_FIELDS]: runtimeFields(
      parts.podName,
      labels,
      parts.spec,
      parts.outboundsAtRuntime === true && parts.kind === 'Dataplane',
    ).join(','),
  };
  if (parts.services.length > 0) annotations[PREVIEW_SERVICES] = parts.services.join(',');
  if (parts.nodeLabelsToCopy.length > 0 && parts.kind === 'Dataplane') annotations[NODE_LABEL_TAGS] = parts.nodeLabelsToCopy.join(',');
  return {
    apiVersion: 'kuma.io/v1alpha1',
    kind: parts.kind,
    ...(parts.mesh === undefined ? {} : { mesh: parts.mesh }),
    metadata: {
      name: parts.podName,
      namespace: parts.namespace,
      labels: sortedMap(labels),
      annotations: { ...annotations, ...sortedMap(stored.annotations) },
      ownerReferences: [
        { apiVersion: 'v1', kind: 'Pod', name: parts.podName, uid: PLACEHOLDER.podUID, controller: true, blockOwnerDeletion: true },
      ],
    },
    spec: parts.spec,
  };
}
