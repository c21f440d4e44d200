import type { KubeObject } from '../types.ts';

/**
 * One JSON-patch operation of a ContainerPatch, as written in the cluster object: `value` is a
 * string holding JSON ('"100m"', '{"cpu": "500m"}', 'true'), exactly as kuma.io/v1alpha1 defines it.
 */
export interface ContainerPatchOp {
  op: string;
  path: string;
  value?: string;
  from?: string;
}

/** The `spec` of a kuma.io/v1alpha1 ContainerPatch. */
export interface ContainerPatchSpec {
  sidecarPatch?: ContainerPatchOp[];
  initPatch?: ContainerPatchOp[];
}

/** A ContainerPatch the injector may apply: found in the system namespace of the bundle. */
export interface NamedContainerPatch {
  name: string;
  spec: ContainerPatchSpec;
  /** The bundle object it came from, so results can point at it. */
  object: KubeObject;
}

/** Which list of a ContainerPatch applies to a container. */
export type PatchTarget = 'sidecarPatch' | 'initPatch';
