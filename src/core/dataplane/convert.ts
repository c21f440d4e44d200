import type { JsonObject, JsonValue, KubeObject } from '../types.ts';
import { readUint32 } from './annotation-values.ts';
import { ConversionError } from './conversion-error.ts';
import { deduplicateByPort, deduplicateKeepingBest, inboundsFor, type InboundContext, type Inbound } from './inbounds.ts';
import { asArray, asRecord } from './kube-values.ts';
import { dataplaneLabels, workloadName } from './labels.ts';
import { listenersFor, ZONE_PROXY_TYPE_LABEL, type Listener } from './listeners.ts';
import { metricsFor } from './metrics.ts';
import type { YamlReader } from '../go-yaml/yaml-node.ts';
import type { ConverterOptions } from './options.ts';
import { outboundsFor } from './outbounds.ts';
import type { OwnerName } from './owner-name.ts';
import type { PodView } from './pod-view.ts';
import { probesFor } from './probes.ts';
import type { ServiceView } from './service-view.ts';
import { transparentProxyingFor } from './transparent-proxying.ts';
import { ownValue } from '../json-record.ts';

/** Everything the Pod → Dataplane conversion reads; lookups are called only when the control plane would read. */
export interface ConvertInput {
  pod: PodView;
  /** The Services attached to the Pod, already matched and ordered. */
  services: readonly ServiceView[];
  mesh: { name: string; meshServicesMode: string };
  options: ConverterOptions;
  ownerName: () => OwnerName;
  /** Labels of the Node named by the Pod, undefined when the Node cannot be read. */
  nodeLabels?: (nodeName: string) => Record<string, string> | undefined;
  /** Other Dataplanes of the mesh and a Service lookup, for outbounds (only with kubeOutboundsAsVIPs off). */
  others?: readonly KubeObject[];
  lookupService?: (namespace: string, name: string) => KubeObject | undefined;
  /** Parses YAML for `kuma.io/reachable-backends` (the host's YAML 1.1 parser; the core has none). */
  readYaml?: YamlReader;
  /** Labels and spec of the Dataplane converted into (absent for a new one). */
  existing?: { labels: Record<string, string>; spec: unknown };
}

/** A converted Dataplane (top-level `mesh`, labels, spec) or the conversion error of the control plane. */
export type ConvertOutcome = { ok: true; mesh: string; labels: Record<string, string>; spec: JsonObject } | { ok: false; error: string };

/** Inbounds without tags: the release has none, or experimental.inboundTagsDisabled where it exists. */
function tagsOff(options: ConverterOptions): boolean {
  return !options.capabilities.inboundTags || (options.inboundTagsDisabled && options.capabilities.inboundTagsSwitch);
}

function allowedNodeLabels(input: ConvertInput): Record<string, string> {
  const { nodeLabelsToCopy } = input.options;
  const nodeName = input.pod.nodeName;
  if (nodeLabelsToCopy.length === 0 || nodeName === '') return {};
  const labels = input.nodeLabels?.(nodeName);
  if (labels === undefined) throw new ConversionError(`unable to get Node ${nodeName}: nodes "${nodeName}" not found`);
  const out: Record<string, string> = {};
  for (const key of nodeLabelsToCopy) {
    const value = ownValue(labels, key);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/**
 * `networking.gateway` of a delegated gateway: the tags of the first inbound the Services would
 * give (`enabled`), or for `provided` on a Deployment the literal `kuma.io/service-name` tag kuma-cp writes.
 */
function gatewayFor(ctx: InboundContext, input: ConvertInput, type: string): JsonObject {
  const tagsOfFirstInbound = (): JsonObject => {
    const first = inboundsFor(ctx, input.pod, input.services)[0] as Inbound;
    return first.tags !== undefined && Object.keys(first.tags).length > 0 ? { tags: first.tags } : {};
  };
  if (type === 'enabled') return tagsOfFirstInbound();
  if (type === 'provided') {
    const owner = input.ownerName();
    if (owner.kind !== 'Deployment') return tagsOfFirstInbound();
    return { tags: { 'kuma.io/service-name': `${owner.name}_${input.pod.namespace}_svc` } };
  }
  throw new ConversionError(`invalid delegated gateway type '${type}'`);
}

function previousShape(spec: unknown): { builtinGateway: boolean; ingressListener: boolean; egressListener: boolean } {
  const networking = asRecord(asRecord(spec)?.['networking']);
  const gateway = asRecord(networking?.['gateway']);
  const types = asArray(networking?.['listeners']).map((l) => asRecord(l)?.['type']);
  return {
    builtinGateway: gateway?.['type'] === 'BUILTIN',
    ingressListener: types.includes('ZoneIngress'),
    egressListener: types.includes('ZoneEgress'),
  };
}

function specFor(input: ConvertInput): JsonObject {
  const { pod, options } = input;
  const networking: { [key: string]: JsonValue } = {};
  const ctx: InboundContext = {
    zone: options.zone,
    inboundTagsDisabled: tagsOff(options),
    kafkaProtocol: options.capabilities.kafkaProtocol,
    nodeLabels: () => allowedNodeLabels(input),
    ownerName: () => input.ownerName().name,
  };
  const caps = options.capabilities;
  const tp = transparentProxyingFor(pod.annotations, input.readYaml, caps.legacyTransparentProxying);
  if (pod.podIP !== '') networking['address'] = pod.podIP;
  const gatewayType = pod.annotations['kuma.io/gateway'];
  let listeners: Listener[] = [];
  if (gatewayType !== undefined) {
    networking['gateway'] = gatewayFor(ctx, input, gatewayType);
  } else {
    // Releases without zone-proxy listeners treat zone-proxy Services as regular ones.
    const listening = caps.zoneProxyListeners !== 'never';
    const zoneProxy = listening ? input.services.filter((s) => ZONE_PROXY_TYPE_LABEL in s.labels) : [];
    const regular = listening ? input.services.filter((s) => !(ZONE_PROXY_TYPE_LABEL in s.labels)) : input.services;
    const exclusive = input.mesh.meshServicesMode === 'Exclusive';
    if (regular.length > 0 || zoneProxy.length === 0) {
      let inbounds = inboundsFor(ctx, pod, regular);
      if (caps.inboundDedup === 'always-best-state') inbounds = deduplicateKeepingBest(inbounds);
      else if (caps.inboundDedup === 'exclusive-by-state' && exclusive) inbounds = deduplicateByPort(inbounds, true);
      else if (caps.inboundDedup === 'exclusive-tags-disabled' && exclusive && ctx.inboundTagsDisabled)
        inbounds = deduplicateByPort(inbounds);
      if (!caps.inboundProtocol) inbounds = inbounds.map(({ protocol: _protocol, ...rest }) => rest as Inbound);
      networking['inbound'] = inbounds as unknown as JsonValue;
    }
    if (caps.zoneProxyListeners === 'always' || (caps.zoneProxyListeners === 'exclusive-mesh' && exclusive))
      listeners = listenersFor(pod, zoneProxy);
  }
  // A zone-proxy-only Dataplane gets empty reachable backends, so Envoy builds no outbound clusters.
  let transparentProxying: { [key: string]: JsonValue } | undefined = tp === undefined ? undefined : { ...tp };
  if (asArray(networking['inbound']).length === 0 && networking['gateway'] === undefined && listeners.length > 0) {
    transparentProxying = { reachableBackends: {}, ...transparentProxying };
  }
  if (caps.metricsProbesOutbounds && !options.kubeOutboundsAsVIPs) {
    const reachable = (tp?.['reachableServices'] as string[] | undefined) ?? [];
    const outbounds = outboundsFor(pod.podIP, input.others ?? [], reachable, input.lookupService ?? (() => undefined));
    if (outbounds.length > 0) networking['outbound'] = outbounds;
  }
  if (transparentProxying !== undefined) networking['transparentProxying'] = transparentProxying;
  const adminPort = readUint32(pod.annotations, 'kuma.io/envoy-admin-port');
  if (adminPort !== undefined) networking['admin'] = adminPort === 0 ? {} : { port: adminPort };
  if (listeners.length > 0) networking['listeners'] = listeners as unknown as JsonValue;
  const spec: JsonObject = { networking };
  if (caps.metricsProbesOutbounds) {
    const metrics = metricsFor(pod.annotations);
    if (metrics !== undefined) spec['metrics'] = metrics;
    const probes = probesFor(pod);
    if (probes !== undefined) spec['probes'] = probes;
  }
  return spec;
}

/**
 * Converts a Pod and its attached Services into the Dataplane the control plane writes (the
 * converter's output, before admission), or the error that makes the control plane give up.
 */
export function podToDataplane(input: ConvertInput): ConvertOutcome {
  try {
    const spec = specFor(input);
    const { pod, options } = input;
    const labels = dataplaneLabels({
      existing: input.existing?.labels ?? {},
      podLabels: pod.labels,
      nodeLabels: tagsOff(options) ? allowedNodeLabels(input) : {},
      mesh: input.mesh.name,
      mode: options.mode,
      zone: options.zone,
      namespace: pod.namespace,
      serviceAccount: pod.serviceAccountName,
      workload: workloadName(pod.labels, options.workloadLabels, pod.serviceAccountName),
      previous: previousShape(input.existing?.spec),
      proxyTypeLabel: options.capabilities.proxyTypeLabel,
      // kuma-cp names the Dataplane exactly like the Pod.
      displayName: options.capabilities.displayNameLabel ? pod.name : undefined,
    });
    return { ok: true, mesh: input.mesh.name, labels, spec };
  } catch (error) {
    if (error instanceof ConversionError) return { ok: false, error: error.message };
    throw error;
  }
}
