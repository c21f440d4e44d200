import { findPort, podContainersReady, targetReady } from './find-port.ts';
import { tagsForServiceless, tagsForServicePort } from './inbound-tags.ts';
import { sortedMap } from './kube-values.ts';
import type { PodView } from './pod-view.ts';
import { protocolFor } from './protocol.ts';
import { selectorMatches, type ServiceView } from './service-view.ts';

/** The port Kuma reserves for the inbound of a Pod no Service selects. */
export const SERVICELESS_PORT = 49151;

/** One `spec.networking.inbound[]` entry in the stored (protobuf-JSON) shape. */
export interface Inbound {
  port: number;
  name?: string;
  tags?: Record<string, string>;
  state?: 'NotReady' | 'Ignored';
  health: { ready?: true };
  protocol: string;
}

/** What inbound generation needs besides the Pod and its Services. */
export interface InboundContext {
  zone: string;
  inboundTagsDisabled: boolean;
  /** `kafka` is a known appProtocol (default true). */
  kafkaProtocol?: boolean;
  /** Allow-listed labels of the Pod's Node (throws the control plane's error when it cannot be read). */
  nodeLabels: () => Record<string, string>;
  /** The owner name for the service-less `kuma.io/service` (throws when the chain cannot be read). */
  ownerName: () => string;
}

function readiness(ready: boolean): Pick<Inbound, 'state' | 'health'> {
  return ready ? { health: { ready: true } } : { state: 'NotReady', health: {} };
}

function inboundsForService(ctx: InboundContext, pod: PodView, service: ServiceView, nodeLabels: Record<string, string>): Inbound[] {
  const inbounds: Inbound[] = [];
  for (const port of service.ports) {
    if (port.protocol !== '' && port.protocol !== 'TCP') continue;
    const target = findPort(pod, port);
    if (!target.found) continue;
    let state = readiness(targetReady(pod, target.container));
    if (!selectorMatches(service.selector, pod.labels)) state = { state: 'Ignored', health: {} };
    const inbound: Inbound = {
      port: target.port,
      ...(target.name === '' ? {} : { name: target.name }),
      protocol: protocolFor(service, port, ctx.kafkaProtocol ?? true),
      ...state,
    };
    if (!ctx.inboundTagsDisabled) inbound.tags = sortedMap(tagsForServicePort(ctx.zone, pod, service, port, nodeLabels));
    inbounds.push(inbound);
  }
  return inbounds;
}

/**
 * Inbounds of a Pod: one per TCP Service port whose target resolves, in Service then port order;
 * the service-less inbound (port 49151) when none results. ExternalName Services contribute none.
 */
export function inboundsFor(ctx: InboundContext, pod: PodView, services: readonly ServiceView[]): Inbound[] {
  const nodeLabels = ctx.inboundTagsDisabled ? {} : ctx.nodeLabels();
  const inbounds: Inbound[] = [];
  for (const service of services) {
    if (service.type === 'ExternalName') continue;
    inbounds.push(...inboundsForService(ctx, pod, service, nodeLabels));
  }
  if (inbounds.length > 0) return inbounds;
  const serviceless: Inbound = { port: SERVICELESS_PORT, protocol: 'tcp', ...readiness(podContainersReady(pod)) };
  if (!ctx.inboundTagsDisabled) serviceless.tags = sortedMap(tagsForServiceless(ctx.zone, pod, ctx.ownerName(), nodeLabels));
  return [serviceless];
}

/**
 * Keeps the first inbound of each address:port (addresses are always empty on Kubernetes); with
 * `byState` (kuma-cp 2.13) of each address:port:state, so a Ready and an Ignored inbound both stay.
 */
const STATE_RANK: Readonly<Record<string, number>> = { Ready: 0, NotReady: 1, Ignored: 2 };

/**
 * One inbound per address:port, the best state winning (Ready > NotReady > Ignored; ties keep the
 * earlier one), at the position where the port first appeared.
 */
export function deduplicateKeepingBest(inbounds: readonly Inbound[]): Inbound[] {
  const out: Inbound[] = [];
  const at = new Map<number, number>();
  const rank = (i: Inbound): number => STATE_RANK[i.state ?? 'Ready'] ?? 0;
  for (const inbound of inbounds) {
    const index = at.get(inbound.port);
    if (index === undefined) {
      at.set(inbound.port, out.length);
      out.push(inbound);
    } else if (rank(inbound) < rank(out[index]!)) {
      out[index] = inbound;
    }
  }
  return out;
}

export function deduplicateByPort(inbounds: readonly Inbound[], byState = false): Inbound[] {
  const seen = new Set<string>();
  return inbounds.filter((inbound) => {
    const key = byState ? `${inbound.port}:${inbound.state ?? 'Ready'}` : String(inbound.port);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
