/**
 * What matching reads of any Kuma object (policy, Dataplane, MeshService, MeshHTTPRoute ...): the
 * control plane's view after admission and the Kubernetes store adapter, not the manifest. On
 * Kubernetes the adapter synthesises `kuma.io/display-name` (the object name) and the namespace used
 * by matching is the `k8s.kuma.io/namespace` label, not `metadata.namespace`.
 */
export interface ResourceMeta {
  /** Kuma type name (`MeshTimeout`, `Dataplane`, `MeshService` ...). */
  readonly type: string;
  /** Core name: `<name>.<namespace>` on Kubernetes, the plain name in the REST format. */
  readonly name: string;
  readonly mesh: string;
  readonly labels: Readonly<Record<string, string>>;
}

export const META_LABEL = {
  displayName: 'kuma.io/display-name',
  namespace: 'k8s.kuma.io/namespace',
  zone: 'kuma.io/zone',
  origin: 'kuma.io/origin',
  role: 'kuma.io/policy-role',
  effect: 'kuma.io/effect',
  mesh: 'kuma.io/mesh',
  service: 'kuma.io/service',
} as const;

/** The name references compare against: the display-name label when non-empty, else the core name. */
export function displayName(meta: ResourceMeta): string {
  const label = meta.labels[META_LABEL.displayName];
  return label !== undefined && label !== '' ? label : meta.name;
}

/** `kuma.io/policy-role`; a missing or empty label means `system`. */
export function roleOf(meta: ResourceMeta): string {
  const label = meta.labels[META_LABEL.role];
  return label === undefined || label === '' ? 'system' : label;
}

/** `kuma.io/origin` when non-empty, else undefined (an "unknown" origin). */
export function originOf(labels: Readonly<Record<string, string>>): string | undefined {
  const label = labels[META_LABEL.origin];
  return label === undefined || label === '' ? undefined : label;
}

/** A resource created in `zone` (origin zone, and no zone label or the same one). */
export function isLocalZoneResource(labels: Readonly<Record<string, string>>, zone: string): boolean {
  if (originOf(labels) !== 'zone') return false;
  const own = labels[META_LABEL.zone];
  return own === undefined || own === zone;
}

/** Whether a reference `name` made from `from` names the object `meta` (same mesh, display name). */
export function isReferenced(from: ResourceMeta, name: string, meta: ResourceMeta): boolean {
  return from.mesh === meta.mesh && name === displayName(meta);
}

const ORIGIN_RANK: Record<string, number> = { global: 1, zone: 3 };
/** global (1) < no origin (2) < zone (3); a value that is neither ranks 0, before all (kuma-cp's table has no entry for it). */
export function originRank(meta: ResourceMeta): number {
  const origin = originOf(meta.labels);
  if (origin === undefined) return 2;
  return ORIGIN_RANK[origin] ?? 0;
}

const ROLE_RANK: Record<string, number> = { system: 1, producer: 2, consumer: 3, 'workload-owner': 4 };
export function roleRank(meta: ResourceMeta): number {
  return ROLE_RANK[roleOf(meta)] ?? 0;
}
