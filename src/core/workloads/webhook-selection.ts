import { KEY } from '../kuma-api/keys.ts';
import type { NamespaceInfo } from '../settings.ts';

/**
 * Which of the Helm chart's injector webhook registrations (spec §1,
 * `deployments/charts/kuma/templates/cp-webhooks-and-secrets.yaml`) would send a pod to the
 * injector. The API server decides this from label selectors alone, before the injector runs; the
 * injector's own pre-check (§2) only runs for pods that reach it.
 */
export type WebhookSelection =
  /** `namespace-kuma-injector`: namespace label kuma.io/sidecar-injection In (enabled, "true"). */
  | { called: true; by: 'namespace-label' }
  /** `pods-kuma-injector`: namespace label Exists (any value) and pod label exactly `enabled`. */
  | { called: true; by: 'pod-label' }
  /** (2.14) `mesh-zoneproxy-kuma-injector`: control-plane namespace, zone-proxy pod labels. */
  | { called: true; by: 'zone-proxy' }
  | { called: false; why: NotCalledReason };

export type NotCalledReason =
  /** kube-system or the control-plane namespace: excluded by name from both selectors. */
  | 'system-namespace'
  /** The namespace has no kuma.io/sidecar-injection label (2.11+: required by both selectors). */
  | 'namespace-not-labelled'
  /** The namespace label is present but not enabled/"true", and the pod label is not exactly `enabled`. */
  | 'namespace-not-enabled';

export const INJECTION_LABEL = KEY.sidecarInjection;
export const MESH_LABEL = KEY.mesh;
export const ZONE_PROXY_TYPE_LABEL = KEY.zoneProxyType;

/** Namespaces the chart always excludes by name, besides the control-plane's own. */
const ALWAYS_EXCLUDED_NAMESPACES: readonly string[] = ['kube-system'];

/** Values of the namespace label that select `namespace-kuma-injector` (a selector `In`, exact strings). */
const NAMESPACE_SELECTOR_VALUES: readonly string[] = ['enabled', 'true'];

export interface SelectionInput {
  namespace: string;
  namespaceInfo: NamespaceInfo;
  podLabels: Readonly<Record<string, string>>;
  systemNamespace: string;
  /** The release registers `mesh-zoneproxy-kuma-injector` for zone proxies in the system namespace. */
  zoneProxyInjection: boolean;
}

/**
 * Returns whether the API server would call the injector for a pod with these labels in this
 * namespace, and through which registration (the first that matches; when several match, the
 * second call sees `kuma-sidecar` and is a no-op, spec §19).
 */
export function webhookSelection(input: SelectionInput): WebhookSelection {
  const { namespace, namespaceInfo, podLabels } = input;
  if (namespace === input.systemNamespace) {
    if (input.zoneProxyInjection && isZoneProxyPod(podLabels)) return { called: true, by: 'zone-proxy' };
    return { called: false, why: 'system-namespace' };
  }
  if (ALWAYS_EXCLUDED_NAMESPACES.includes(namespace)) return { called: false, why: 'system-namespace' };
  const nsLabel = namespaceInfo.labels[INJECTION_LABEL];
  if (nsLabel === undefined) return { called: false, why: 'namespace-not-labelled' };
  if (NAMESPACE_SELECTOR_VALUES.includes(nsLabel)) return { called: true, by: 'namespace-label' };
  if (podLabels[INJECTION_LABEL] === 'enabled') return { called: true, by: 'pod-label' };
  return { called: false, why: 'namespace-not-enabled' };
}

/** The object selector of the zone-proxy registration (labels only, values as written). */
function isZoneProxyPod(labels: Readonly<Record<string, string>>): boolean {
  return labels[INJECTION_LABEL] === 'enabled' && Object.hasOwn(labels, MESH_LABEL) && Object.hasOwn(labels, ZONE_PROXY_TYPE_LABEL);
}
