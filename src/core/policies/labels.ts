import { policyKind, type PolicyRole } from './kinds.ts';
import type { ResourceDescriptor } from './descriptors.ts';
import { ENV_LABEL, MESH_LABEL, NAMESPACE_LABEL, ORIGIN_LABEL, ROLE_LABEL, ZONE_LABEL, isMap } from './policy-object.ts';

/**
 * The labels the control plane computes when it admits a Kuma object
 * (`pkg/core/resources/labels/compute.go` at v2.14.3, spec §4.2): mesh, origin/zone/env on a zone,
 * the namespace label, and the policy role that decides which proxies a namespaced policy reaches.
 */

/** Control-plane mode: a zone (federated or not) or the global control plane. */
export type CpMode = 'zone' | 'global';

/** The object's namespace as `Compute` sees it: unset (no namespace) or a value, system or not. */
export interface PolicyNamespace {
  value: string;
  system: boolean;
}

const UNSET_NAMESPACE: PolicyNamespace = { value: '', system: false };

export function policyNamespace(namespace: string | undefined, systemNamespace: string): PolicyNamespace {
  return namespace === undefined || namespace === '' ? UNSET_NAMESPACE : { value: namespace, system: namespace === systemNamespace };
}

export type RoleOutcome = { role: PolicyRole } | { error: string };

/**
 * `ComputePolicyRole`: system in the system namespace (or none); workload-owner with `from` or with
 * neither `to` nor `from` (rules are not looked at); producer when every `to` item names a
 * MeshService / MeshHTTPRoute by name in the policy's own namespace, consumer when none does.
 */
export function computePolicyRole(kind: string, spec: Readonly<Record<string, unknown>>, namespace: PolicyNamespace): RoleOutcome {
  if (namespace.system || namespace.value === '') return { role: 'system' };
  const info = policyKind(kind);
  const to = info?.hasTo === true ? listOf(spec['to']) : [];
  const from = info?.hasFrom === true ? listOf(spec['from']) : [];
  if (to.length > 0 && from.length > 0) return { error: "it's not allowed to mix 'to' and 'from' arrays in the same policy" };
  if (from.length > 0 || to.length === 0) return { role: 'workload-owner' };
  const producerItems = to.filter((item) => isProducerItem(isMap(item) ? item['targetRef'] : undefined, namespace.value)).length;
  if (producerItems === to.length) return { role: 'producer' };
  if (producerItems === 0) return { role: 'consumer' };
  return { error: "it's not allowed to mix producer and consumer items in the same policy" };
}

function isProducerItem(targetRef: unknown, namespace: string): boolean {
  if (!isMap(targetRef)) return false;
  const kind = targetRef['kind'];
  if (kind !== 'MeshService' && kind !== 'MeshHTTPRoute') return false;
  const name = stringOf(targetRef['name']);
  const ns = stringOf(targetRef['namespace']);
  return name !== '' && (ns === '' || ns === namespace);
}

export interface ComputeOptions {
  mode: CpMode;
  isK8s: boolean;
  /** `multizone.zone.name`. */
  zoneName: string;
  namespace: PolicyNamespace;
}

export type LabelsOutcome = { labels: Record<string, string> } | { error: string };

/**
 * `Compute`: existing labels are kept (only the role is always overwritten); mesh-scoped types get
 * `kuma.io/mesh`; on a zone, types zones may create get `kuma.io/origin: zone` and, unless the origin
 * is global, `kuma.io/zone` and `kuma.io/env`; locally originated namespaced objects get
 * `k8s.kuma.io/namespace`, and plugin policies among them the computed `kuma.io/policy-role`.
 */
export function computeLabels(
  descriptor: ResourceDescriptor,
  spec: Readonly<Record<string, unknown>>,
  existing: Readonly<Record<string, string>>,
  mesh: string,
  options: ComputeOptions,
): LabelsOutcome {
  const labels: Record<string, string> = { ...existing };
  const setIfAbsent = (key: string, value: string): void => {
    if (!Object.hasOwn(labels, key)) labels[key] = value;
  };
  if (descriptor.meshScoped) setIfAbsent(MESH_LABEL, mesh === '' ? 'default' : mesh);
  if (options.mode === 'zone' && descriptor.providedByZone) {
    setIfAbsent(ORIGIN_LABEL, 'zone');
    if (labels[ORIGIN_LABEL] !== 'global') {
      setIfAbsent(ZONE_LABEL, options.zoneName);
      setIfAbsent(ENV_LABEL, options.isK8s ? 'kubernetes' : 'universal');
    }
  }
  const local = isLocallyOriginated(options.mode, labels);
  if (options.namespace.value !== '' && options.isK8s && local) setIfAbsent(NAMESPACE_LABEL, options.namespace.value);
  if (options.namespace.value !== '' && descriptor.isPolicy && descriptor.pluginOriginated && local) {
    const role = computePolicyRole(descriptor.name, spec, options.namespace);
    if ('error' in role) return role;
    labels[ROLE_LABEL] = role.role;
  }
  return { labels };
}

/** `IsLocallyOriginated`: created on this control plane (origin absent, or equal to the mode). */
function isLocallyOriginated(mode: CpMode, labels: Readonly<Record<string, string>>): boolean {
  if (!Object.hasOwn(labels, ORIGIN_LABEL)) return true;
  return labels[ORIGIN_LABEL] === mode;
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
