import { displayName, META_LABEL, type ResourceMeta } from './resource-meta.ts';
import type { TargetRef } from './target-ref.ts';
import { shortNameOf } from './short-names.ts';

/**
 * A Kuma Resource Identifier: how kuma-cp compares "by name" references. Zone and namespace come
 * from the object's labels, the name is its display name.
 */
export interface Kri {
  readonly type: string;
  readonly mesh: string;
  readonly zone: string;
  readonly namespace: string;
  readonly name: string;
  readonly sectionName: string;
}

export function kriOf(meta: ResourceMeta, type: string = meta.type): Kri {
  return {
    type,
    mesh: meta.mesh,
    zone: meta.labels[META_LABEL.zone] ?? '',
    namespace: meta.labels[META_LABEL.namespace] ?? '',
    name: displayName(meta),
    sectionName: '',
  };
}

/** `kri_<short>_<mesh>_<zone>_<namespace>_<name>_<section>`; empty when the type has no short name. */
export function kriString(id: Kri): string {
  const short = shortNameOf(id.type);
  if (short === undefined) return '';
  return `kri_${short}_${id.mesh}_${id.zone}_${id.namespace}_${id.name}_${id.sectionName}`;
}

/**
 * The identifier a named targetRef of the policy `origin` expects: the policy's mesh and zone, the
 * ref's namespace or else the policy's own (not "any namespace"), the ref's name. Kind Mesh names
 * the policy's mesh.
 */
export function targetRefToKri(origin: ResourceMeta, ref: TargetRef): Kri {
  const own = kriOf(origin, ref.kind);
  if (ref.kind === 'Mesh') return { type: 'Mesh', mesh: '', zone: '', namespace: '', name: origin.mesh, sectionName: '' };
  const namespace = ref.namespace !== undefined && ref.namespace !== '' ? ref.namespace : own.namespace;
  return { type: ref.kind, mesh: own.mesh, zone: own.zone, namespace, name: ref.name ?? '', sectionName: '' };
}

/** A map key equal for equal identifiers (the section included). */
export function kriKey(id: Kri): string {
  return [id.type, id.mesh, id.zone, id.namespace, id.name, id.sectionName].join('\u0000');
}
