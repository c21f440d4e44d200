import type { JsonObject, KubeObject } from '../types.ts';
import { asArray, asRecord, asText, byteOrder, stringMap } from './kube-values.ts';
import { SERVICELESS_PORT } from './inbounds.ts';
import { TAG } from './inbound-tags.ts';
import { isHeadless, serviceView, type ServiceView } from './service-view.ts';

interface Endpoint {
  address: string;
  port: number;
  instance: string;
}

function endpointsByService(dataplanes: readonly KubeObject[]): Map<string, Endpoint[]> {
  const result = new Map<string, Endpoint[]>();
  for (const dp of dataplanes) {
    const networking = asRecord(asRecord(dp['spec'])?.['networking']) ?? {};
    for (const item of asArray(networking['inbound'])) {
      const inbound = asRecord(item) ?? {};
      if (inbound['state'] === 'Ignored') continue;
      const tags = stringMap(inbound['tags']);
      const service = tags[TAG.service];
      if (service === undefined) continue;
      const address = asText(inbound['address']);
      const list = result.get(service) ?? [];
      list.push({
        address: address !== '' ? address : asText(networking['address']),
        port: Number(inbound['port'] ?? 0),
        instance: tags[TAG.instance] ?? '',
      });
      result.set(service, list);
    }
  }
  return result;
}

function parseServiceTag(tag: string): { name: string; namespace: string; port: number } | undefined {
  const segments = tag.split('_');
  if (segments.length === 3) return { name: segments[0] as string, namespace: segments[1] as string, port: SERVICELESS_PORT };
  if (segments.length !== 4 || !/^[+-]?[0-9]+$/.test(segments[3] as string)) return undefined;
  return { name: segments[0] as string, namespace: segments[1] as string, port: Number(segments[3]) >>> 0 };
}

/**
 * Outbounds from the other Dataplanes of the mesh, as kuma-cp writes them only when
 * `experimental.kubeOutboundsAsVIPs` is off (the default keeps them out). Services are looked up
 * by the name and namespace encoded in the `kuma.io/service` tag.
 */
export function outboundsFor(
  podIP: string,
  others: readonly KubeObject[],
  reachableServices: readonly string[],
  lookupService: (namespace: string, name: string) => KubeObject | undefined,
): JsonObject[] {
  const reachable = new Set(reachableServices);
  const endpoints = endpointsByService(others);
  const outbounds: JsonObject[] = [];
  for (const tag of [...endpoints.keys()].sort(byteOrder)) {
    const parsed = parseServiceTag(tag);
    if (parsed === undefined) continue;
    let service: ServiceView | undefined;
    if (parsed.port !== SERVICELESS_PORT) {
      const object = lookupService(parsed.namespace, parsed.name);
      if (object === undefined) continue;
      service = serviceView(object);
    }
    if (reachable.size > 0 && !reachable.has(tag)) continue;
    if (service === undefined || service.type === 'ExternalName') continue;
    if (isHeadless(service)) {
      for (const endpoint of endpoints.get(tag) ?? []) {
        if (endpoint.address === podIP) continue;
        outbounds.push({ address: endpoint.address, port: endpoint.port, tags: { [TAG.service]: tag, [TAG.instance]: endpoint.instance } });
      }
    } else {
      outbounds.push({ address: service.clusterIP, port: parsed.port, tags: { [TAG.service]: tag } });
    }
  }
  return outbounds;
}
