import type { ResourceMeta } from './resource-meta.ts';
import { MESH_REF, readTargetRef, type TargetRef } from './target-ref.ts';

/** A targetRef policy as matching reads it. */
export interface PolicyView {
  readonly meta: ResourceMeta;
  /** The top-level targetRef; an omitted one is `{kind: Mesh}`. */
  readonly targetRef: TargetRef;
  /** Whether the manifest wrote a top-level targetRef (an omitted one is reported as "all proxies"). */
  readonly targetRefWritten: boolean;
  readonly spec: Readonly<Record<string, unknown>>;
}

/** A policy view over a decoded `spec`; a spec that is not an object reads as empty. */
export function policyView(meta: ResourceMeta, spec: unknown): PolicyView {
  const body = spec !== null && typeof spec === 'object' && !Array.isArray(spec) ? (spec as Record<string, unknown>) : {};
  const written = readTargetRef(body['targetRef']);
  return { meta, targetRef: written ?? MESH_REF, targetRefWritten: written !== undefined, spec: body };
}

/** `kuma.io/effect: shadow` policies are left out of matching (kuma-cp shows them only when asked). */
export function isShadow(meta: ResourceMeta): boolean {
  return meta.labels['kuma.io/effect'] === 'shadow';
}
