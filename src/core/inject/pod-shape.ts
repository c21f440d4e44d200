import type { PodLike } from './inject-pod.ts';
import { isRecord } from '../json-record.ts';

/**
 * Plain-object views of the parts of a Pod the injector touches. The core treats Kubernetes
 * objects as JSON, so these are loose on purpose: only the fields we read are named.
 */

export interface Container {
  name: string;
  [key: string]: unknown;
}

export interface Volume {
  name: string;
  [key: string]: unknown;
}

export interface VolumeMount {
  name: string;
  mountPath: string;
  readOnly?: boolean;
  mountPropagation?: string;
  [key: string]: unknown;
}

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: Record<string, unknown>;
}

/** The pod's `spec.containers` or `spec.initContainers` (empty when absent or malformed). */
export function containersOf(pod: PodLike, list: 'containers' | 'initContainers'): Container[] {
  const value = pod.spec[list];
  return Array.isArray(value) ? value.filter(isRecord).map((c) => c as Container) : [];
}

/** The pod's `spec.volumes` (empty when absent). */
export function volumesOf(pod: PodLike): Volume[] {
  const value = pod.spec.volumes;
  return Array.isArray(value) ? value.filter(isRecord).map((v) => v as Volume) : [];
}

/** A container's `volumeMounts` (empty when absent). */
export function mountsOf(container: Container): VolumeMount[] {
  const value = container.volumeMounts;
  return Array.isArray(value) ? value.filter(isRecord).map((m) => m as VolumeMount) : [];
}

/** Narrows unknown JSON to an object. */
export { asRecord } from '../json-record.ts';
