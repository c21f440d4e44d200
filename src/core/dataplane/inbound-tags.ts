import { readEnabledLoosely } from './annotation-values.ts';
import type { PodView } from './pod-view.ts';
import { protocolFor } from './protocol.ts';
import { isHeadless, type ServicePortView, type ServiceView } from './service-view.ts';

/** Tag keys the control plane sets itself. */
export const TAG = {
  service: 'kuma.io/service',
  zone: 'kuma.io/zone',
  protocol: 'kuma.io/protocol',
  instance: 'kuma.io/instance',
  namespace: 'k8s.kuma.io/namespace',
  serviceName: 'k8s.kuma.io/service-name',
  servicePort: 'k8s.kuma.io/service-port',
} as const;

/** `<service>_<namespace>_svc_<port>`, or `<name>_<namespace>_svc` without a port. */
export function serviceTag(name: string, namespace: string, port?: number): string {
  return `${name}_${namespace}_svc${port === undefined ? '' : `_${port}`}`;
}

/**
 * Tags of an inbound derived from one Service port: Pod labels (non-empty values, keys without
 * `kuma.io/`), the k8s.kuma.io/* and kuma.io/service tags, zone, node labels, protocol (dropped for
 * a non-tcp port of an enabled delegated gateway) and, for headless Services, the instance.
 */
export function tagsForServicePort(
  zone: string,
  pod: PodView,
  service: ServiceView,
  port: ServicePortView,
  nodeLabels: Record<string, string>,
): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const [key, value] of Object.entries(pod.labels)) {
    if (value !== '' && !key.includes('kuma.io/')) tags[key] = value;
  }
  tags[TAG.namespace] = pod.namespace;
  tags[TAG.serviceName] = service.name;
  tags[TAG.servicePort] = String(port.port);
  tags[TAG.service] = serviceTag(service.name, service.namespace, port.port);
  if (zone !== '') tags[TAG.zone] = zone;
  Object.assign(tags, nodeLabels);
  const protocol = protocolFor(service, port);
  if (!(readEnabledLoosely(pod.annotations, 'kuma.io/gateway') && protocol !== 'tcp')) tags[TAG.protocol] = protocol;
  if (isHeadless(service)) tags[TAG.instance] = pod.name;
  return tags;
}

/** Tags of the service-less inbound: ALL non-empty Pod labels (no `kuma.io/` filter) plus the fixed tags. */
export function tagsForServiceless(
  zone: string,
  pod: PodView,
  ownerName: string,
  nodeLabels: Record<string, string>,
): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const [key, value] of Object.entries(pod.labels)) {
    if (value !== '') tags[key] = value;
  }
  tags[TAG.namespace] = pod.namespace;
  tags[TAG.service] = serviceTag(ownerName, pod.namespace);
  if (zone !== '') tags[TAG.zone] = zone;
  tags[TAG.protocol] = 'tcp';
  tags[TAG.instance] = pod.name;
  Object.assign(tags, nodeLabels);
  return tags;
}
