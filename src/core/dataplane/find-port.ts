import type { ContainerStatusView, ContainerView, PodView } from './pod-view.ts';
import type { ServicePortView } from './service-view.ts';

/** The resolved target of a Service port, or why it has none. */
export type PortTarget = { found: true; port: number; name: string; container: ContainerView | undefined } | { found: false };

const SIDECAR = 'kuma-sidecar';

function protocolOrTcp(protocol: string): string {
  return protocol === '' ? 'TCP' : protocol;
}

/**
 * Resolves a Service port to a container port the way the control plane does: only regular
 * containers are searched; a numeric targetPort always resolves (container ports are informational),
 * a named one only when some container port of the same protocol carries that name.
 */
export function findPort(pod: PodView, servicePort: ServicePortView): PortTarget {
  const protocol = protocolOrTcp(servicePort.protocol);
  const target = servicePort.targetPort;
  for (const container of pod.containers) {
    for (const port of container.ports) {
      if (protocolOrTcp(port.protocol) !== protocol) continue;
      if (typeof target === 'string' ? port.name === target : port.containerPort === target) {
        return { found: true, port: port.containerPort, name: port.name, container };
      }
    }
  }
  if (typeof target === 'number') return { found: true, port: target, name: '', container: undefined };
  return { found: false };
}

function statusOf(name: string, statuses: readonly ContainerStatusView[]): ContainerStatusView | undefined {
  return statuses.find((s) => s.name === name);
}

function sidecarNotReady(pod: PodView): boolean {
  const status = statusOf(SIDECAR, [...pod.containerStatuses, ...pod.initContainerStatuses]);
  return status !== undefined && !status.ready;
}

/** Readiness of a Service-derived inbound or listener: its container, the sidecar, and termination. */
export function targetReady(pod: PodView, container: ContainerView | undefined): boolean {
  if (container !== undefined) {
    const status = statusOf(container.name, pod.containerStatuses);
    if (status !== undefined && !status.ready) return false;
  }
  if (sidecarNotReady(pod)) return false;
  return !pod.deleting;
}

/** Readiness of the service-less inbound: every application container and the sidecar (not termination). */
export function podContainersReady(pod: PodView): boolean {
  for (const container of pod.containers) {
    if (container.name === SIDECAR) continue;
    const status = statusOf(container.name, pod.containerStatuses);
    if (status !== undefined && !status.ready) return false;
  }
  return !sidecarNotReady(pod);
}
