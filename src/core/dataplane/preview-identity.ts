import type { KubeObject } from '../types.ts';
import { KPT } from '../kpt-annotations.ts';

/** Our own marker on every preview: `<Kind>/<namespace>/<name>` of the workload it previews. */
export const PREVIEW_OF = 'kuma-inject.dev/preview-of';
/** The Services attached to the previewed workload, comma separated. */
export const PREVIEW_SERVICES = 'kuma-inject.dev/services';
/** Fields of the preview that hold runtime placeholders or steady-state guesses. */
export const RUNTIME_FIELDS = 'kuma-inject.dev/runtime-fields';
/** Node labels kuma-cp copies into tags (or labels) when the Node carries them. */
export const NODE_LABEL_TAGS = 'kuma-inject.dev/node-labels';
/** kpt/kustomize: never apply this object. */
export const LOCAL_CONFIG = KPT.localConfig;

/** The preview-of value for a workload. */
export function previewKey(owner: KubeObject, namespace: string): string {
  return `${owner.kind}/${namespace}/${owner.metadata?.name ?? ''}`;
}

/**
 * Kinds a preview can have: a Dataplane, the ZoneIngress/ZoneEgress of a zone proxy Pod, or the
 * MeshService kuma-cp derives from a Service.
 */
const PREVIEW_KINDS: ReadonlySet<string> = new Set(['Dataplane', 'ZoneIngress', 'ZoneEgress', 'MeshService']);

/**
 * Whether an object is one of our previews (a Dataplane, ZoneIngress or ZoneEgress carrying our
 * marker); a user's own Dataplane never is.
 */
export function isPreview(object: KubeObject): boolean {
  return PREVIEW_KINDS.has(object.kind) && typeof object.metadata?.annotations?.[PREVIEW_OF] === 'string';
}
