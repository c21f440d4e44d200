import type { KubeObject } from '../types.ts';
import { asArray, asRecord, asText, stringMap } from './kube-values.ts';

/** One entry of a Service's `spec.ports`; `targetPort` defaulted to `port` as the API server does (absent, 0 or ""). */
export interface ServicePortView {
  name: string;
  port: number;
  targetPort: number | string;
  protocol: string;
  appProtocol: string | undefined;
  nodePort: number;
}

/** A Service decoded into what the converter reads. */
export interface ServiceView {
  object: KubeObject;
  name: string;
  namespace: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  selector: Record<string, string>;
  type: string;
  clusterIP: string;
  ports: ServicePortView[];
  /** `status.loadBalancer.ingress` (what a LoadBalancer got from the cloud). */
  loadBalancerIngress: { ip: string; hostname: string }[];
}

function portOf(value: unknown): ServicePortView {
  const raw = asRecord(value) ?? {};
  const port = Number(raw['port']);
  const target = raw['targetPort'];
  const appProtocol = raw['appProtocol'];
  return {
    name: asText(raw['name']),
    port: Number.isFinite(port) ? port : 0,
    // The API server defaults an absent, 0 or "" targetPort to the port (SetDefaults_Service).
    targetPort:
      (typeof target === 'number' && target !== 0) || (typeof target === 'string' && target !== '')
        ? target
        : Number.isFinite(port)
          ? port
          : 0,
    protocol: asText(raw['protocol']),
    appProtocol: appProtocol === undefined || appProtocol === null ? undefined : asText(appProtocol),
    nodePort: Number(raw['nodePort'] ?? 0) || 0,
  };
}

/**
 * Decodes a Service. A Service without `metadata.namespace` is read in `defaultNamespace` (where the
 * host applies namespace-less objects), as its workloads are.
 */
export function serviceView(object: KubeObject, defaultNamespace = ''): ServiceView {
  const spec = asRecord(object['spec']) ?? {};
  return {
    object,
    name: asText(object.metadata?.name),
    namespace: asText(object.metadata?.namespace) || defaultNamespace,
    labels: stringMap(object.metadata?.labels),
    annotations: stringMap(object.metadata?.annotations),
    selector: stringMap(spec['selector']),
    type: asText(spec['type']),
    clusterIP: asText(spec['clusterIP']),
    ports: asArray(spec['ports']).map(portOf),
    loadBalancerIngress: asArray(asRecord(asRecord(object['status'])?.['loadBalancer'])?.['ingress']).map((i) => {
      const entry = asRecord(i) ?? {};
      return { ip: asText(entry['ip']), hostname: asText(entry['hostname']) };
    }),
  };
}

/** Whether every key/value of the selector is among the labels (an empty selector matches all). */
export function selectorMatches(selector: Record<string, string>, labels: Record<string, string>): boolean {
  for (const [key, value] of Object.entries(selector)) {
    if (labels[key] !== value) return false;
  }
  return true;
}

/** Headless Services (`clusterIP: None`) add the `kuma.io/instance` tag. */
export function isHeadless(service: ServiceView): boolean {
  return service.clusterIP === 'None';
}
