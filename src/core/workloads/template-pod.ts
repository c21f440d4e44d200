import type { ObjectMeta } from '../types.ts';
import type { PodTemplate } from './pod-template.ts';
import type { PodView } from './injected-parts.ts';

/**
 * The Pod the webhook would receive for a template: the template's metadata and spec, with
 * `metadata.namespace` set the way the admission handler sets it (from the request). For a bare
 * Pod (template path []) the object itself is the pod.
 */
export function templateAsPod(template: PodTemplate, isPod: boolean, namespace?: string): PodView {
  const metadata: ObjectMeta = { ...(template.metadata ?? {}) };
  if (namespace !== undefined) metadata.namespace = namespace;
  if (isPod) return { ...template, metadata, spec: template.spec ?? {} };
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec: template.spec ?? {} };
}

/**
 * Puts a pod's metadata and spec back into the shape of `template`: the namespace the handler set
 * is dropped again unless the template had one, and no key the template lacked is added except
 * what the pod carries (annotations, labels, containers the injector wrote). Other keys of the
 * template (a bare Pod's apiVersion, kind, status) are kept as they are.
 */
export function podAsTemplate(pod: PodView, template: PodTemplate): PodTemplate {
  const metadata: ObjectMeta = { ...pod.metadata };
  if (template.metadata?.namespace === undefined) delete metadata.namespace;
  // An empty metadata only comes out of stripping a template whose metadata the injector created
  // (it always writes annotations and labels); the original then had none, or an empty one.
  const hasMetadata = Object.keys(metadata).length > 0;
  const out: PodTemplate = {};
  // Keep the template's key order; a metadata the template lacked goes first, as kubectl writes it.
  if (hasMetadata && template.metadata === undefined) out.metadata = metadata;
  for (const key of Object.keys(template)) {
    if (key === 'metadata') {
      // `metadata: null` stays as written when nothing is left to put there.
      if (hasMetadata) out.metadata = metadata;
      else if (template.metadata === null) (out as Record<string, unknown>)[key] = null;
    } else if (key === 'spec') out.spec = pod.spec;
    else out[key] = template[key];
  }
  if (template.spec === undefined) out.spec = pod.spec;
  return out;
}
