import type { KubeObject } from '../types.ts';
import { classifyKumaKind, policyKind, type KumaKindClass, type PolicyKindInfo, type PolicyRole } from './kinds.ts';
import { nameText } from '../identity-fields.ts';

/** Label keys the control plane reads on (and writes to) policies. */
export const MESH_LABEL = 'kuma.io/mesh';
export const ORIGIN_LABEL = 'kuma.io/origin';
export const ZONE_LABEL = 'kuma.io/zone';
export const ENV_LABEL = 'kuma.io/env';
export const NAMESPACE_LABEL = 'k8s.kuma.io/namespace';
export const ROLE_LABEL = 'kuma.io/policy-role';
export const DISPLAY_NAME = 'kuma.io/display-name';
const EFFECT_LABEL = 'kuma.io/effect';

/**
 * A Kuma object of the bundle as the analysis sees it: plain data, read once from the manifest.
 * `spec` is the manifest's spec as written (not defaulted, not validated).
 */
export interface PolicyObject {
  /** The manifest it was read from (results point at it). */
  source: KubeObject;
  apiVersion: string;
  kind: string;
  class: KumaKindClass;
  /** The policy type, for the 16 analysed kinds. */
  info?: PolicyKindInfo;
  name: string;
  /** `metadata.namespace`; undefined when the manifest has none (the namespace of the apply decides). */
  namespace?: string;
  /** Labels as written (`metadata.labels`, only string values). */
  labels: Readonly<Record<string, string>>;
  annotations: Readonly<Record<string, string>>;
  /** `kuma.io/mesh` label, or `default` when it is absent (a missing label is not an error). */
  mesh: string;
  /** True when the mesh label is written on the manifest. */
  meshLabelled: boolean;
  /** `spec`, or `{}` when absent; not a map ⇒ `specShape: 'invalid'`. */
  spec: Record<string, unknown>;
  specShape: 'map' | 'absent' | 'invalid';
  /** `kuma.io/effect: shadow`: skipped by matching, shown only by inspect. */
  shadow: boolean;
}

/** True for objects of the `kuma.io` API group (every Kuma CRD, any version). */
export function isKumaObject(object: KubeObject): boolean {
  return typeof object.apiVersion === 'string' && object.apiVersion.startsWith('kuma.io/');
}

/** The policy-or-resource view of a `kuma.io` object; undefined for objects of other groups. */
export function readPolicyObject(object: KubeObject): PolicyObject | undefined {
  if (!isKumaObject(object)) return undefined;
  const labels = stringsOf(object.metadata.labels);
  const annotations = stringsOf(object.metadata.annotations);
  const rawSpec = object['spec'];
  const specShape = rawSpec === undefined || rawSpec === null ? 'absent' : isMap(rawSpec) ? 'map' : 'invalid';
  const meshLabel = labels[MESH_LABEL];
  const policy: PolicyObject = {
    source: object,
    apiVersion: object.apiVersion,
    kind: object.kind,
    class: classifyKumaKind(object.kind),
    name: nameText(object),
    labels,
    annotations,
    mesh: meshLabel === undefined || meshLabel === '' ? 'default' : meshLabel,
    meshLabelled: meshLabel !== undefined,
    spec: specShape === 'map' ? (rawSpec as Record<string, unknown>) : {},
    specShape,
    shadow: labels[EFFECT_LABEL] === 'shadow',
  };
  const info = policyKind(object.kind);
  if (info !== undefined) policy.info = info;
  if (typeof object.metadata.namespace === 'string' && object.metadata.namespace !== '') policy.namespace = object.metadata.namespace;
  return policy;
}

/** `kuma.io/policy-role` as the matcher reads it: a missing or empty label is `system`. */
export function roleOf(labels: Readonly<Record<string, string>>): PolicyRole {
  const role = labels[ROLE_LABEL];
  return role === 'producer' || role === 'consumer' || role === 'workload-owner' ? role : 'system';
}

/** `Kind namespace/name`, the way results name a policy. */
export function policyTitle(policy: Pick<PolicyObject, 'kind' | 'name' | 'namespace'>): string {
  return `${policy.kind} ${policy.namespace === undefined ? '' : `${policy.namespace}/`}${policy.name}`;
}

export function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The string entries of a label/annotation map (other values are reported by the metadata checks). */
function stringsOf(map: unknown): Record<string, string> {
  if (!isMap(map)) return {};
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(map)) if (typeof value === 'string') out[key] = value;
  return out;
}
