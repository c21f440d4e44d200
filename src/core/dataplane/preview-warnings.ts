import { annotationPath } from '../kuma-api/keys.ts';
import type { KubeObject, Result } from '../types.ts';
import { describe, resultFor } from '../results.ts';
import { readList } from './annotation-values.ts';
import { findPort } from './find-port.ts';
import type { PodView } from './pod-view.ts';
import { KNOWN_PROTOCOLS, protocolAnnotationKey } from './protocol.ts';
import { isHeadless, type ServiceView } from './service-view.ts';
import type { TemplateField } from './template-paths.ts';
import { TP_ANNOTATION } from './transparent-proxying.ts';
import { codeTag } from '../result-codes.ts';

const KNOWN_LIST = [...KNOWN_PROTOCOLS].join(', ');

function servicePortWarnings(owner: KubeObject, pod: PodView, service: ServiceView): Result[] {
  const results: Result[] = [];
  const svc = describe(service.object);
  const wl = describe(owner);
  service.ports.forEach((port, i) => {
    const tcp = port.protocol === '' || port.protocol === 'TCP';
    if (tcp && typeof port.targetPort === 'string' && !findPort(pod, port).found) {
      results.push(
        resultFor(
          'KI0505',
          'warning',
          service.object,
          `${svc}, spec.ports[${i}].targetPort: selects ${wl} but no container port of it is named "${port.targetPort}" (got "${port.targetPort}"); a named targetPort must match a container port name. kuma-cp skips this port, so the Dataplane has no inbound for it: name a container port "${port.targetPort}" or use a port number.`,
          `spec.ports[${i}].targetPort`,
        ),
      );
    }
    const app = port.appProtocol;
    if (app !== undefined && app !== '' && !KNOWN_PROTOCOLS.has(app.toLowerCase())) {
      results.push(
        resultFor(
          'KI0506',
          'warning',
          service.object,
          `${svc}, spec.ports[${i}].appProtocol: Kuma does not know this protocol (got "${app}"); one of ${KNOWN_LIST}. kuma-cp ignores it and uses the ${protocolAnnotationKey(port.port)} annotation or tcp for ${wl}: set a supported appProtocol or remove it.`,
          `spec.ports[${i}].appProtocol`,
        ),
      );
    }
    const annotated = service.annotations[protocolAnnotationKey(port.port)];
    if (
      (app === undefined || !KNOWN_PROTOCOLS.has(app.toLowerCase())) &&
      annotated !== undefined &&
      annotated !== '' &&
      !KNOWN_PROTOCOLS.has(annotated.toLowerCase())
    ) {
      results.push(
        resultFor(
          'KI0507',
          'warning',
          service.object,
          `${svc}, ${annotationPath(protocolAnnotationKey(port.port))}: Kuma does not know this protocol (got "${annotated}"); one of ${KNOWN_LIST}. kuma-cp copies it into the Dataplane of ${wl}, which Kuma's validation then rejects: use a supported protocol.`,
          annotationPath(protocolAnnotationKey(port.port)),
        ),
      );
    }
  });
  if (isHeadless(service) && service.ports.length > 0) {
    results.push(
      resultFor(
        'KI0508',
        'warning',
        service.object,
        `${svc}, spec.clusterIP: headless Service selecting ${wl} (got "None"); every inbound it yields carries kuma.io/instance=<pod name>, and clients get one outbound per Pod instead of one per Service. Expected for StatefulSets addressed per Pod; otherwise give the Service a ClusterIP.`,
        'spec.clusterIP',
      ),
    );
  }
  return results;
}

/**
 * With `dataplane.kubeOutboundsAsVIPs: false` kuma-cp writes `spec.networking.outbound` into every
 * Dataplane from all Dataplanes of the mesh in the cluster and the cluster IPs of their Services.
 * Neither is in a bundle, so previews leave the field out (listed as a runtime field); said once
 * per run, since it holds for every preview.
 */
export function runtimeOutboundsWarning(): Result {
  return {
    severity: 'warning',
    tags: codeTag('KI0517'),
    message:
      'dataplane.kubeOutboundsAsVIPs is false (got false): kuma-cp then writes spec.networking.outbound into every Dataplane, ' +
      'one entry per service of the mesh (cluster IPs, and Pod IPs of headless Services) taken from every Dataplane in the cluster. ' +
      "Previews cannot know those and leave the field out; it is listed in each preview's kuma-inject.dev/runtime-fields. " +
      "Expect the outbounds in the cluster, or set kubeOutboundsAsVIPs: true (kuma-cp's default) if the control plane runs with it.",
    field: { path: 'dataplane.kubeOutboundsAsVIPs' },
  };
}

/**
 * Warnings a reviewer needs about a workload's preview: Service ports that will not become inbounds
 * or carry an unknown protocol, headless Services, and direct access to services.
 */
export function previewWarnings(
  owner: KubeObject,
  templateField: TemplateField,
  pod: PodView,
  services: readonly ServiceView[],
  transparentlyProxied: boolean,
): Result[] {
  const results = services.flatMap((service) => servicePortWarnings(owner, pod, service));
  const direct = readList(pod.annotations, TP_ANNOTATION.directAccess);
  if (transparentlyProxied && direct !== undefined && direct.length > 0) {
    const field = templateField(annotationPath(TP_ANNOTATION.directAccess));
    results.push(
      resultFor(
        'KI0509',
        'warning',
        owner,
        `${describe(owner)}, ${field}: direct access to services is in effect (got "${direct.join(',')}"); the sidecar adds a passthrough listener for every endpoint of ${direct.includes('*') ? 'every service of the mesh' : 'these services'}, bypassing client-side load balancing and multiplying Envoy configuration. Keep it only if the application must reach Pods by IP.`,
        field,
      ),
    );
  }
  return results;
}
