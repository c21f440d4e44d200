import type { KubeObject } from '../../types.ts';
import { displayName, type ResourceMeta } from '../match/resource-meta.ts';
import { kriKey, kriOf, targetRefToKri, type Kri } from '../match/kri.ts';
import type { TargetRef } from '../match/target-ref.ts';

/** A MeshService / MeshExternalService / MeshMultiZoneService / MeshHTTPRoute a `to` entry may name. */
interface Destination {
  readonly meta: ResourceMeta;
  readonly object: KubeObject;
  /** Port section names (`ports[].name`, else the port number) and numbers, in spec order. */
  readonly ports: readonly { name: string; port: number }[];
  /** True for a MeshService preview (derived from a Service), false for an object written by hand. */
  readonly preview: boolean;
}

/** How one `to[].targetRef` resolves (kuma-cp's resolve.TargetRef for real resources). */
export type ToResolution =
  | { readonly kind: 'mesh' }
  | { readonly kind: 'resolved'; readonly destinations: readonly { destination: Destination; section?: string }[] }
  | { readonly kind: 'no-port'; readonly destination: Destination; readonly section: string }
  | { readonly kind: 'not-found'; readonly looked: Kri | { labels: Readonly<Record<string, string>> } }
  | { readonly kind: 'not-real' };

const DESTINATION_KINDS = new Set(['MeshService', 'MeshExternalService', 'MeshMultiZoneService', 'MeshHTTPRoute']);

function portsOf(object: KubeObject): { name: string; port: number }[] {
  const spec = object['spec'] as Record<string, unknown> | undefined;
  if (object.kind === 'MeshHTTPRoute') return [];
  const raw =
    object.kind === 'MeshExternalService'
      ? [(spec?.['match'] as Record<string, unknown> | undefined) ?? {}]
      : Array.isArray(spec?.['ports'])
        ? (spec?.['ports'] as unknown[])
        : [];
  return raw.map((p) => {
    const port = (p ?? {}) as Record<string, unknown>;
    const number = typeof port['port'] === 'number' ? port['port'] : Number(port['port'] ?? 0);
    const name = typeof port['name'] === 'string' && port['name'] !== '' ? port['name'] : String(number);
    return { name, port: number };
  });
}

export interface DestinationIndex {
  resolve(policy: ResourceMeta, ref: TargetRef): ToResolution;
  /** Destinations of a kind and mesh (for nearest-name suggestions). */
  of(kind: string, mesh: string): readonly Destination[];
}

const LEGACY_NAME = /^(.+)_([^_]+)_svc(?:_(\d+))?$/;

/**
 * Files destinations by identifier (type, mesh, zone, namespace, display name). `metaOf` gives the
 * meta kuma-cp would store for an object (labels computed at admission).
 */
export function indexDestinations(objects: readonly { object: KubeObject; meta: ResourceMeta; preview: boolean }[]): DestinationIndex {
  const byKri = new Map<string, Destination>();
  const byKind = new Map<string, Destination[]>();
  for (const { object, meta, preview } of objects) {
    if (!DESTINATION_KINDS.has(object.kind)) continue;
    const destination: Destination = { meta, object, ports: portsOf(object), preview };
    const key = kriKey(kriOf(meta, object.kind));
    if (!byKri.has(key)) byKri.set(key, destination);
    const kindKey = `${object.kind}\u0000${meta.mesh}`;
    byKind.set(kindKey, [...(byKind.get(kindKey) ?? []), destination]);
  }
  const of = (kind: string, mesh: string): readonly Destination[] => byKind.get(`${kind}\u0000${mesh}`) ?? [];
  const withSection = (destination: Destination, section: string | undefined, port?: number): ToResolution => {
    if (section === undefined && port === undefined) return { kind: 'resolved', destinations: [{ destination }] };
    const found = destination.ports.find((p) => (port !== undefined ? p.port === port : p.name === section));
    if (found === undefined) return { kind: 'no-port', destination, section: section ?? String(port) };
    return { kind: 'resolved', destinations: [{ destination, section: found.name }] };
  };
  const resolve = (policy: ResourceMeta, ref: TargetRef): ToResolution => {
    if (ref.kind === 'Mesh') return { kind: 'mesh' };
    if (!DESTINATION_KINDS.has(ref.kind)) return { kind: 'not-real' };
    const section = ref.sectionName !== undefined && ref.sectionName !== '' ? ref.sectionName : undefined;
    if (ref.labels !== undefined && Object.keys(ref.labels).length > 0) {
      const labels = ref.labels;
      const found = of(ref.kind, policy.mesh).filter((d) => Object.entries(labels).every(([k, v]) => d.meta.labels[k] === v));
      if (found.length === 0) return { kind: 'not-found', looked: { labels } };
      const resolved = found.map((d) => withSection(d, section)).flatMap((r) => (r.kind === 'resolved' ? r.destinations : []));
      return resolved.length > 0 ? { kind: 'resolved', destinations: resolved } : { kind: 'not-found', looked: { labels } };
    }
    // Backward compatibility: `<name>_<namespace>_svc_<port>` names a MeshService port by labels.
    const legacy = ref.kind === 'MeshService' && section === undefined ? LEGACY_NAME.exec(ref.name ?? '') : null;
    if (legacy !== null) {
      const [, name, namespace, port] = legacy;
      const found = of('MeshService', policy.mesh).find(
        (d) => displayName(d.meta) === name && d.meta.labels['k8s.kuma.io/namespace'] === namespace,
      );
      if (found !== undefined) return withSection(found, undefined, port === undefined ? undefined : Number(port));
    }
    const looked = targetRefToKri(policy, ref);
    const found = byKri.get(kriKey(looked));
    if (found === undefined) return { kind: 'not-found', looked };
    return withSection(found, section);
  };
  return { resolve, of };
}
