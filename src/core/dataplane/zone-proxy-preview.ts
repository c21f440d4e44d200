import { annotationPath } from '../kuma-api/keys.ts';
import type { KubeObject, Result } from '../types.ts';
import { describe, resultFor } from '../results.ts';
import type { ConverterOptions } from './options.ts';
import type { PodView } from './pod-view.ts';
import { previewObject } from './preview-object.ts';
import { PLACEHOLDER } from './runtime-placeholders.ts';
import { serviceView, type ServiceView } from './service-view.ts';
import type { TemplateField } from './template-paths.ts';
import type { WorkloadIdentity } from './workload-identity.ts';
import { podToZoneProxy, type ZoneProxyKind } from './zone-proxies.ts';

/**
 * A LoadBalancer's address only exists once the cloud assigned it: the preview shows a placeholder
 * where kuma-cp will read `status.loadBalancer.ingress[0]`.
 */
function withRuntimeStatus(service: ServiceView): ServiceView {
  if (service.type !== 'LoadBalancer' || service.loadBalancerIngress.length > 0) return service;
  return serviceView(
    { ...service.object, status: { loadBalancer: { ingress: [{ ip: PLACEHOLDER.loadBalancerAddress }] } } },
    service.namespace,
  );
}

/**
 * The ZoneIngress / ZoneEgress kuma-cp creates for a Pod annotated `kuma.io/ingress` or
 * `kuma.io/egress`, or an error result where kuma-cp refuses (outside the system namespace, not
 * exactly one Service).
 */
export function previewZoneProxy(
  kind: ZoneProxyKind,
  owner: KubeObject,
  templateField: TemplateField,
  pod: PodView,
  services: readonly ServiceView[],
  identity: WorkloadIdentity,
  options: ConverterOptions,
): { object: KubeObject | undefined; results: Result[] } {
  const noun = kind === 'ZoneIngress' ? 'Ingress' : 'Egress';
  const annotation = `kuma.io/${noun.toLowerCase()}`;
  const field = templateField(annotationPath(annotation));
  const fail = (message: string): { object: undefined; results: Result[] } => ({
    object: undefined,
    results: [resultFor('KI0512', 'error', owner, `${describe(owner)}, ${field}: ${message}`, field)],
  });
  if (pod.namespace !== options.systemNamespace) {
    return fail(
      `kuma-cp refuses it outside the control plane's namespace (got "${pod.namespace}"); ${noun} can only be deployed in system namespace "${options.systemNamespace}". Move the workload there, or set settings.systemNamespace.`,
    );
  }
  const outcome = podToZoneProxy(kind, {
    pod,
    services: services.map(withRuntimeStatus),
    options,
    ownerName: () => identity.owner,
    nodeAddresses: () => [{ type: 'ExternalIP', address: PLACEHOLDER.nodeAddress }],
  });
  if (!outcome.ok)
    return fail(
      `kuma-cp cannot generate a ${kind} for these Pods (got "${outcome.error}"); select the Pods with exactly one Service exposing one port.`,
    );
  const object = previewObject({
    kind,
    owner,
    namespace: pod.namespace,
    podName: identity.podName,
    labels: outcome.labels,
    spec: outcome.spec,
    services: services.map((s) => s.name),
    nodeLabelsToCopy: [],
  });
  return { object, results: [] };
}
