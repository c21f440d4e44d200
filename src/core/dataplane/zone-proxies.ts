import type { JsonObject, JsonValue } from '../types.ts';
import { readUint32 } from './annotation-values.ts';
import { ConversionError } from './conversion-error.ts';
import { deduplicateByPort, inboundsFor } from './inbounds.ts';
import { asRecord } from './kube-values.ts';
import { dataplaneLabels } from './labels.ts';
import type { ConverterOptions } from './options.ts';
import type { OwnerName } from './owner-name.ts';
import type { PodView } from './pod-view.ts';
import type { ServiceView } from './service-view.ts';

/** The zone proxy kinds kuma-cp 2.14 creates from annotated Pods. */
export type ZoneProxyKind = 'ZoneIngress' | 'ZoneEgress';

/** A Node address as `status.addresses[]` lists it. */
export interface NodeAddress {
  type: string;
  address: string;
}

/** What the zone proxy conversion reads; lookups are called only when kuma-cp would read. */
export interface ZoneProxyInput {
  pod: PodView;
  services: readonly ServiceView[];
  options: ConverterOptions;
  ownerName: () => OwnerName;
  /** Addresses of the first Node of the cluster (NodePort ingress); undefined when there is none. */
  nodeAddresses?: () => NodeAddress[] | undefined;
  /** The object converted into: its spec is kept where the converter does not write (availableServices). */
  existing?: { labels: Record<string, string>; spec: unknown };
}

/** The converted labels and spec, or kuma-cp's conversion error. */
export type ZoneProxyOutcome = { ok: true; labels: Record<string, string>; spec: JsonObject } | { ok: false; error: string };

/** kuma-cp prefers a Node's ExternalIP, then its InternalIP, for a NodePort ingress. */
const NODE_ADDRESS_PRIORITY = ['ExternalIP', 'InternalIP'] as const;

function coordinatesFromAnnotations(annotations: Record<string, string>): { address: string; port: number } | undefined {
  const address = annotations['kuma.io/ingress-public-address'];
  let port: number | undefined;
  try {
    port = readUint32(annotations, 'kuma.io/ingress-public-port');
  } catch (error) {
    throw new ConversionError(`failed to parse annotation kuma.io/ingress-public-port: ${(error as Error).message}`);
  }
  if ((address === undefined) !== (port === undefined)) {
    throw new ConversionError('both kuma.io/ingress-public-address and kuma.io/ingress-public-port has to be defined');
  }
  return address !== undefined && port !== undefined ? { address, port } : undefined;
}

function coordinatesFromService(service: ServiceView, input: ZoneProxyInput): { address: string; port: number } | undefined {
  const firstPort = service.ports[0];
  if (service.type === 'LoadBalancer') {
    const ingress = service.loadBalancerIngress[0];
    if (ingress === undefined) return undefined;
    const address = ingress.ip !== '' ? ingress.ip : ingress.hostname;
    return address === '' ? undefined : { address, port: firstPort?.port ?? 0 };
  }
  if (service.type === 'NodePort') {
    const addresses = input.nodeAddresses?.();
    if (addresses === undefined) throw new ConversionError('there are no nodes');
    for (const type of NODE_ADDRESS_PRIORITY) {
      const hit = addresses.find((a) => a.type === type);
      if (hit !== undefined) return { address: hit.address, port: firstPort?.nodePort ?? 0 };
    }
    throw new ConversionError('could not find valid Node address for Ingress publicAddress');
  }
  return undefined;
}

/**
 * Converts a zone ingress or egress Pod (annotation `kuma.io/ingress` / `kuma.io/egress`) into the
 * ZoneIngress / ZoneEgress kuma-cp 2.14 writes: exactly one Service, one inbound; the ingress
 * advertises the public coordinates from its annotations or its LoadBalancer/NodePort Service.
 */
export function podToZoneProxy(kind: ZoneProxyKind, input: ZoneProxyInput): ZoneProxyOutcome {
  const { pod, services, options } = input;
  const noun = kind === 'ZoneIngress' ? 'ingress' : 'egress';
  try {
    if (services.length !== 1)
      throw new ConversionError(`${noun} should be matched by exactly one service. Matched ${services.length} services`);
    const inbounds = deduplicateByPort(
      inboundsFor(
        {
          zone: options.zone,
          inboundTagsDisabled: options.inboundTagsDisabled,
          nodeLabels: () => ({}),
          ownerName: () => input.ownerName().name,
        },
        pod,
        services,
      ),
    );
    if (inbounds.length !== 1) throw new ConversionError(`generated ${inbounds.length} inbound interfaces, expected 1`);
    const spec: { [key: string]: JsonValue } = { ...(asRecord(input.existing?.spec) as JsonObject | undefined) };
    const networking: { [key: string]: JsonValue } = { ...(asRecord(spec['networking']) as JsonObject | undefined) };
    const set = (key: string, value: string | number): void => {
      if (value === '' || value === 0) delete networking[key];
      else networking[key] = value;
    };
    if (kind === 'ZoneEgress') {
      if (options.zone === '') delete spec['zone'];
      else spec['zone'] = options.zone;
    }
    set('address', pod.podIP);
    set('port', (inbounds[0] as { port: number }).port);
    if (kind === 'ZoneIngress') {
      const coords = coordinatesFromAnnotations(pod.annotations) ?? coordinatesFromService(services[0] as ServiceView, input);
      if (coords !== undefined) {
        set('advertisedAddress', coords.address);
        set('advertisedPort', coords.port);
      }
    }
    const admin = readUint32(pod.annotations, 'kuma.io/envoy-admin-port');
    if (admin !== undefined) networking['admin'] = admin === 0 ? {} : { port: admin };
    spec['networking'] = networking;
    const labels = dataplaneLabels({
      kind,
      existing: input.existing?.labels ?? {},
      podLabels: pod.labels,
      nodeLabels: {},
      mesh: '',
      mode: options.mode,
      zone: options.zone,
      namespace: pod.namespace,
      serviceAccount: pod.serviceAccountName,
      workload: '',
      previous: { builtinGateway: false, ingressListener: false, egressListener: false },
    });
    return { ok: true, labels, spec };
  } catch (error) {
    if (error instanceof ConversionError) return { ok: false, error: error.message };
    throw error;
  }
}
