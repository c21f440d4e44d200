import type { KubeObject, ObjectMeta } from '../types.ts';
import type { WorkloadKindRule } from '../settings.ts';
import { workloadKindRule } from './workload-kinds.ts';
import { isRecord as isPlainObject } from '../json-record.ts';

/** A pod template as found in a workload: PodTemplateSpec (`metadata` + `spec`). */
export interface PodTemplate {
  metadata?: ObjectMeta;
  spec?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface FoundPodTemplate {
  /** Keys from the object's root to the template; [] for a Pod, which is its own template. */
  path: string[];
  template: PodTemplate;
}

/**
 * Returns where `object` keeps its pod template and the template itself (the same reference, never
 * a copy), or undefined when the kind is not a workload or the template is missing or not a
 * mapping (e.g. an Argo Rollout that points at a Deployment with `workloadRef`).
 */
export function findPodTemplate(object: KubeObject, extraKinds: readonly WorkloadKindRule[]): FoundPodTemplate | undefined {
  const rule = workloadKindRule(object, extraKinds);
  if (rule === undefined) return undefined;
  let node: unknown = object;
  for (const key of rule.templatePath) {
    if (!isPlainObject(node)) return undefined;
    node = node[key];
  }
  if (!isPlainObject(node)) return undefined;
  // A null metadata is an absent one, as the API server reads it.
  if (node.metadata !== undefined && node.metadata !== null && !isPlainObject(node.metadata)) return undefined;
  if (node.spec !== undefined && !isPlainObject(node.spec)) return undefined;
  return { path: [...rule.templatePath], template: node as PodTemplate };
}

/**
 * Returns a copy of `object` with the template at `path` replaced: only the mappings on the path
 * are copied (keys keep their order), everything else is shared with the input, which is never
 * mutated.
 */
export function withPodTemplate(object: KubeObject, path: readonly string[], template: PodTemplate): KubeObject {
  return replaceAt(object, path, template) as KubeObject;
}

function replaceAt(node: unknown, path: readonly string[], value: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  const parent = isPlainObject(node) ? node : {};
  return { ...parent, [head]: replaceAt(parent[head], rest, value) };
}

/** The dotted field path of the template, with a trailing dot, for result field paths ('' for a Pod). */
export function templateFieldPrefix(path: readonly string[]): string {
  return path.length === 0 ? '' : `${path.join('.')}.`;
}
