import type { JsonObject } from '../types.ts';
import { descriptorOf } from './descriptors.ts';
import { checkOperation, type AdmissionChecker, type Denial } from './admission-checker.ts';
import { computeLabels, policyNamespace } from './labels.ts';
import { DISPLAY_NAME, MESH_LABEL, isMap } from './policy-object.ts';

/**
 * The mutating `mesh.defaulter` webhook for one Kuma object (`webhooks/defaulter.go`, spec §4.2):
 * `Default()` (only Mesh has one), the admission checks, `Compute` over the labels the Kubernetes
 * store adapter reports, then the split that keeps `kuma.io/display-name`,
 * `k8s.kuma.io/service-account` and `kuma.io/workload` as annotations.
 */
export interface AdmissionRequest {
  /** The request's namespace (where kubectl applies it). */
  namespace: string;
  username: string;
}

export type DefaulterOutcome = { allowed: true; object: JsonObject } | { allowed: false; denial: Denial };

const ANNOTATION_LABELS = [DISPLAY_NAME, 'k8s.kuma.io/service-account', 'kuma.io/workload'];

export function defaultObject(input: JsonObject, request: AdmissionRequest, checker: AdmissionChecker): DefaulterOutcome {
  const kind = typeof input['kind'] === 'string' ? input['kind'] : '';
  const descriptor = descriptorOf(kind);
  if (descriptor === undefined) return { allowed: false, denial: { code: 400, reason: '', message: `unknown resource type: "${kind}"` } };
  const object = structuredClone(input);
  const metadata = (isMap(object['metadata']) ? object['metadata'] : {}) as JsonObject;
  object['metadata'] = metadata;
  if (kind === 'Mesh' && isMap(object['spec'])) defaultMesh(object['spec'] as JsonObject);
  const spec = isMap(object['spec']) ? (object['spec'] as Record<string, unknown>) : {};
  const labels = adapterLabels(metadata);
  const denial = checkOperation(checker, request.username, { kind, labels, spec }, request.namespace);
  if (denial !== undefined) return { allowed: false, denial };
  const namespace = typeof metadata['namespace'] === 'string' ? metadata['namespace'] : undefined;
  const computed = computeLabels(descriptor, spec, labels, meshOf(object, labels), {
    mode: checker.mode,
    isK8s: true,
    zoneName: checker.zoneName,
    namespace: policyNamespace(namespace, checker.systemNamespace),
  });
  if ('error' in computed) return { allowed: false, denial: { code: 500, reason: '', message: computed.error } };
  const out = computed.labels;
  if (descriptor.isProxy && kind === 'Dataplane') {
    const networking = isMap(spec['networking']) ? spec['networking'] : {};
    out['kuma.io/proxy-type'] = isMap(networking['gateway']) ? 'gateway' : 'sidecar';
  }
  const annotations: Record<string, string> = isMap(metadata['annotations'])
    ? { ...(metadata['annotations'] as Record<string, string>) }
    : {};
  for (const key of ANNOTATION_LABELS) {
    if (Object.hasOwn(out, key)) {
      annotations[key] = out[key] as string;
      delete out[key];
    }
  }
  // Empty maps are left out, as Go's `omitempty` does when the object is marshalled back.
  if (Object.keys(out).length > 0) metadata['labels'] = out;
  else delete metadata['labels'];
  if (Object.keys(annotations).length > 0) metadata['annotations'] = annotations;
  else delete metadata['annotations'];
  return { allowed: true, object };
}

/**
 * The labels `KubernetesMetaAdapter.GetLabels` reports: the stored labels plus
 * `kuma.io/display-name` (annotation, else metadata.name) and the two annotations kept as labels.
 */
export function adapterLabels(metadata: Readonly<Record<string, unknown>>): Record<string, string> {
  const labels: Record<string, string> = {};
  if (isMap(metadata['labels'])) for (const [k, v] of Object.entries(metadata['labels'])) if (typeof v === 'string') labels[k] = v;
  const annotations = isMap(metadata['annotations']) ? metadata['annotations'] : {};
  const display = annotations[DISPLAY_NAME];
  labels[DISPLAY_NAME] =
    typeof display === 'string' && display !== '' ? display : typeof metadata['name'] === 'string' ? metadata['name'] : '';
  for (const key of ANNOTATION_LABELS.slice(1)) if (typeof annotations[key] === 'string') labels[key] = annotations[key] as string;
  return labels;
}

/** `GetMesh()` of the Kubernetes object: a Dataplane's `mesh` field, else the mesh label, else `default`. */
function meshOf(object: JsonObject, labels: Readonly<Record<string, string>>): string {
  if (object['kind'] === 'Dataplane' && typeof object['mesh'] === 'string' && object['mesh'] !== '') return object['mesh'];
  const label = labels[MESH_LABEL];
  return label === undefined || label === '' ? 'default' : label;
}

/** `MeshResource.Default()`: every prometheus metrics backend gets port, path, tags and a TLS mode. */
function defaultMesh(spec: JsonObject): void {
  const metrics = spec['metrics'];
  if (!isMap(metrics) || !Array.isArray(metrics['backends'])) return;
  for (const backend of metrics['backends']) {
    if (!isMap(backend) || backend['type'] !== 'prometheus') continue;
    const conf = (isMap(backend['conf']) ? { ...backend['conf'] } : {}) as JsonObject;
    const skip = conf['skipMTLS'];
    const tls = isMap(conf['tls']) ? (conf['tls'] as JsonObject) : undefined;
    // activeMTLSBackend is the enum's zero value, which protobuf JSON leaves out: `tls: {}`.
    if (tls === undefined) conf['tls'] = skip === true ? { mode: 'disabled' } : {};
    else if (skip !== undefined && tls['mode'] === 'providedTLS') {
      conf['tls'] = { mode: 'providedTLS' };
      delete conf['skipMTLS'];
    }
    if (conf['port'] === undefined || conf['port'] === 0) conf['port'] = 5670;
    if (conf['path'] === undefined || conf['path'] === '') conf['path'] = '/metrics';
    if (!isMap(conf['tags']) || Object.keys(conf['tags']).length === 0) conf['tags'] = { 'kuma.io/service': 'dataplane-metrics' };
    (backend as JsonObject)['conf'] = conf;
  }
}
