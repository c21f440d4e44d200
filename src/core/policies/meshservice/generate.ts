import type { KubeObject } from '../../types.ts';
import { meshOf } from '../../kuma-api/mesh-of.ts';
import { headlessMeshServiceName } from './headless-name.ts';
import { asRecord, stringEntries } from '../../json-record.ts';
import { yamlKind } from '../../namespace-values.ts';

/** One Pod behind a headless Service (an EndpointSlice endpoint), when it is known. */
export interface PodEndpoint {
  readonly podName: string;
  readonly podNamespace: string;
  /** Its addresses; a preview uses a placeholder. */
  readonly addresses: readonly string[];
  readonly podLabels: Readonly<Record<string, string>>;
  /** Owner reference uid (the Pod's). */
  readonly uid: string;
}

/** What kuma-cp's MeshService controller reads beside the Service. */
export interface MeshServiceInputs {
  /** Labels and annotations of the Service's Namespace; undefined when the Namespace is unknown. */
  readonly namespace: { labels: Readonly<Record<string, string>>; annotations: Readonly<Record<string, string>> } | undefined;
  /** `spec.meshServices.mode` of a Mesh ('' when unset); undefined when the Mesh does not exist. */
  meshMode(mesh: string): string | undefined;
  /** Whether a Pod behind the Service carries `kuma.io/gateway` (a delegated gateway's Service). */
  readonly backsGateway: boolean;
  /** kuma-cp `experimental.inboundTagsDisabled`: select by Dataplane labels instead of inbound tags. */
  readonly inboundTagsDisabled: boolean;
  /** The Pods behind a headless Service; undefined when they cannot be known (they are a runtime fact). */
  readonly endpoints: readonly PodEndpoint[] | undefined;
  /** The Service's uid for the owner reference (a placeholder offline). */
  readonly serviceUid: string;
}

/** The controller's verdict for one Service. */
export type MeshServiceOutcome =
  | { readonly kind: 'generated'; readonly mesh: string; readonly objects: readonly KubeObject[]; readonly skippedPorts: readonly string[] }
  | { readonly kind: 'none'; readonly reason: string }
  | { readonly kind: 'unknown'; readonly mesh?: string; readonly reason: string };

const WORDS: Readonly<Record<string, boolean>> = { enabled: true, true: true, yes: true, disabled: false, false: false, no: false };

interface ServicePort {
  name: string;
  port: number;
  targetPort: number | string;
  appProtocol: string;
  tcp: boolean;
}

function portsOf(spec: Record<string, unknown>): ServicePort[] {
  const list = Array.isArray(spec['ports']) ? spec['ports'] : [];
  return list.map((raw) => {
    const p = asRecord(raw) ?? {};
    const port = typeof p['port'] === 'number' ? p['port'] : Number(p['port']);
    const name = typeof p['name'] === 'string' && p['name'] !== '' ? p['name'] : String(port);
    // The API server defaults protocol to TCP and targetPort to port.
    const protocol = typeof p['protocol'] === 'string' && p['protocol'] !== '' ? p['protocol'] : 'TCP';
    const target = p['targetPort'];
    const targetPort = typeof target === 'number' || (typeof target === 'string' && target !== '') ? target : port;
    const appProtocol = typeof p['appProtocol'] === 'string' && p['appProtocol'] !== '' ? p['appProtocol'] : 'tcp';
    return { name, port, targetPort, appProtocol, tcp: protocol === 'TCP' };
  });
}

function metaLabels(service: KubeObject, mesh: string, headless: boolean): Record<string, string> {
  return {
    ...stringEntries(service.metadata.labels),
    'kuma.io/mesh': mesh,
    'k8s.kuma.io/service-name': String(service.metadata.name ?? ''),
    'kuma.io/managed-by': 'k8s-controller',
    'kuma.io/env': 'kubernetes',
    'k8s.kuma.io/is-headless-service': headless ? 'true' : 'false',
  };
}

/**
 * kuma-cp 2.14's MeshService controller for one Service (MeshServiceReconciler.Reconcile): whether
 * it makes MeshServices, and which. `service.metadata.namespace` must be set. Offline an unset
 * `clusterIP` means "assigned at creation" (a ClusterIP Service), not "none"; only `type:
 * ExternalName` has none.
 */
export function meshServicesOf(service: KubeObject, inputs: MeshServiceInputs): MeshServiceOutcome {
  const name = String(service.metadata.name ?? '');
  const namespace = String(service.metadata.namespace ?? '');
  const labels = stringEntries(service.metadata.labels);
  const annotations = stringEntries(service.metadata.annotations);
  const spec = asRecord(service['spec']) ?? {};
  if (inputs.namespace === undefined)
    return {
      kind: 'unknown',
      reason: `Namespace ${namespace} is not in the bundle; kuma-cp generates MeshServices only when it is labelled kuma.io/sidecar-injection or the Service has a kuma.io/mesh label`,
    };
  const injectionValue = inputs.namespace.labels['kuma.io/sidecar-injection'];
  const injected = injectionValue === undefined ? false : WORDS[injectionValue];
  if (injected === undefined)
    return {
      kind: 'none',
      reason: `Namespace ${namespace} label kuma.io/sidecar-injection has a value kuma-cp cannot read (got ${typeof injectionValue === 'string' ? JSON.stringify(injectionValue) : yamlKind(injectionValue)}); its MeshService controller fails on every Service of the namespace`,
    };
  if (labels['kuma.io/mesh'] === undefined && !injected)
    return {
      kind: 'none',
      reason: `neither the Service has a kuma.io/mesh label nor Namespace ${namespace} is labelled kuma.io/sidecar-injection: enabled`,
    };
  const { mesh } = meshOf(
    { labels, annotations },
    { labels: { ...inputs.namespace.labels }, annotations: { ...inputs.namespace.annotations } },
  );
  const mode = inputs.meshMode(mesh);
  if (mode === undefined)
    return { kind: 'unknown', mesh, reason: `Mesh ${mesh} is not in the bundle, so its spec.meshServices.mode is unknown` };
  if (mode === '' || mode === 'Disabled')
    return { kind: 'none', reason: `Mesh ${mesh} has spec.meshServices.mode ${mode === '' ? 'unset (Disabled)' : 'Disabled'}` };
  const ignore = annotations['kuma.io/ignore'];
  if (ignore === 'true' || ignore === 'yes') return { kind: 'none', reason: 'the Service is annotated kuma.io/ignore' };
  if (annotations['kuma.io/gateway'] !== undefined)
    return { kind: 'none', reason: 'the Service is annotated kuma.io/gateway (a gateway Service)' };
  if (labels['k8s.kuma.io/zone-proxy-type'] !== undefined)
    return { kind: 'none', reason: 'the Service is a zone proxy listener Service (label k8s.kuma.io/zone-proxy-type)' };
  if (inputs.backsGateway) return { kind: 'none', reason: 'a Pod behind the Service is a delegated gateway (annotation kuma.io/gateway)' };
  const clusterIP = typeof spec['clusterIP'] === 'string' ? spec['clusterIP'] : undefined;
  if (spec['type'] === 'ExternalName' || clusterIP === '') return { kind: 'none', reason: 'the Service has no cluster IP' };
  const all = portsOf(spec);
  const ports = all.filter((p) => p.tcp).map((p) => ({ appProtocol: p.appProtocol, name: p.name, port: p.port, targetPort: p.targetPort }));
  const skippedPorts = all.filter((p) => !p.tcp).map((p) => p.name);
  const meshService = (
    msName: string,
    headless: boolean,
    extraLabels: Record<string, string>,
    selector: Record<string, unknown>,
    vips: readonly string[],
    owner: Record<string, string>,
  ): KubeObject => ({
    apiVersion: 'kuma.io/v1alpha1',
    kind: 'MeshService',
    metadata: { name: msName, namespace, labels: { ...metaLabels(service, mesh, headless), ...extraLabels }, ownerReferences: [owner] },
    spec: { ports: ports.map((p) => ({ ...p })), selector },
    status: { vips: vips.map((ip) => ({ ip })) },
  });
  if (clusterIP !== 'None') {
    const selected = { ...stringEntries(spec['selector']), 'k8s.kuma.io/namespace': namespace };
    const selector = inputs.inboundTagsDisabled ? { dataplaneLabels: { matchLabels: selected } } : { dataplaneTags: selected };
    const owner = { apiVersion: 'v1', kind: 'Service', name, uid: inputs.serviceUid };
    return {
      kind: 'generated',
      mesh,
      skippedPorts,
      objects: [meshService(name, false, {}, selector, [clusterIP ?? '<cluster-ip>'], owner)],
    };
  }
  if (inputs.endpoints === undefined)
    return {
      kind: 'unknown',
      mesh,
      reason:
        'the Service is headless: kuma-cp makes one MeshService per Pod behind it, named after the Pod, and which Pods those are is known only in the cluster',
    };
  const objects = inputs.endpoints.map((endpoint) => {
    const extra: Record<string, string> = {};
    for (const key of ['statefulset.kubernetes.io/pod-name', 'apps.kubernetes.io/pod-index']) {
      const value = endpoint.podLabels[key];
      if (value !== undefined) extra[key] = value;
    }
    const owner = { apiVersion: 'v1', kind: 'Pod', name: endpoint.podName, uid: endpoint.uid };
    const object = meshService(
      headlessMeshServiceName(name, namespace, endpoint.podName),
      true,
      extra,
      { dataplaneRef: { name: `${endpoint.podName}.${endpoint.podNamespace}` } },
      endpoint.addresses,
      owner,
    );
    return { ...object, metadata: { ...object.metadata, namespace: endpoint.podNamespace } };
  });
  return { kind: 'generated', mesh, skippedPorts, objects };
}
