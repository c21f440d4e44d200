import { KEY } from '../kuma-api/keys.ts';
import { ConversionError } from './conversion-error.ts';
import { findPort, targetReady } from './find-port.ts';
import type { PodView } from './pod-view.ts';
import type { ServiceView } from './service-view.ts';

/** The Service label that turns a Service into zone-proxy listeners. */
/** The label that makes a Service a zone proxy (`ingress` / `egress`). */
export const ZONE_PROXY_TYPE_LABEL = KEY.zoneProxyType;

const LISTENER_TYPES: Readonly<Record<string, 'ZoneIngress' | 'ZoneEgress'>> = {
  ingress: 'ZoneIngress',
  egress: 'ZoneEgress',
};

/** One `spec.networking.listeners[]` entry. */
export interface Listener {
  type: 'ZoneIngress' | 'ZoneEgress';
  address: string;
  port: number;
  name: string;
  state?: 'NotReady';
}

function listenersForService(pod: PodView, service: ServiceView): Listener[] {
  const typeLabel = service.labels[ZONE_PROXY_TYPE_LABEL] ?? '';
  const type = LISTENER_TYPES[typeLabel];
  if (type === undefined) {
    throw new ConversionError(
      `service ${service.namespace}/${service.name} has invalid ${ZONE_PROXY_TYPE_LABEL} label value "${typeLabel}"; allowed: "ingress", "egress"`,
    );
  }
  const listeners: Listener[] = [];
  for (const port of service.ports) {
    if (port.protocol !== '' && port.protocol !== 'TCP') continue;
    const target = findPort(pod, port);
    if (!target.found) continue;
    const listener: Listener = {
      type,
      address: pod.podIP,
      port: target.port,
      name: port.name !== '' ? port.name : String(port.port),
    };
    if (!targetReady(pod, target.container)) listener.state = 'NotReady';
    listeners.push(listener);
  }
  return listeners;
}

/**
 * Zone-proxy listeners of the Services labelled `k8s.kuma.io/zone-proxy-type`, in Service order;
 * a second Service of the same type on a port is ignored, a different type on it is an error.
 */
export function listenersFor(pod: PodView, services: readonly ServiceView[]): Listener[] {
  const claimed = new Map<string, { service: string; type: Listener['type'] }>();
  const result: Listener[] = [];
  for (const service of services) {
    for (const listener of listenersForService(pod, service)) {
      const key = `${listener.address}:${listener.port}`;
      const previous = claimed.get(key);
      if (previous !== undefined) {
        if (previous.type !== listener.type) {
          throw new ConversionError(
            `conflicting listener types on port ${listener.port}: services "${previous.service}" and "${service.name}" have different ${ZONE_PROXY_TYPE_LABEL} labels, please remove one of the Services`,
          );
        }
        continue;
      }
      claimed.set(key, { service: service.name, type: listener.type });
      result.push(listener);
    }
  }
  return result;
}
