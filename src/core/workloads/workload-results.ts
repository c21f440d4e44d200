import type { KubeObject, Result, Severity } from '../types.ts';
import { describe, refOf, resultFor } from '../results.ts';

/**
 * Re-targets the injector's results about the Pod it was given (`podDescription`, e.g.
 * `Pod shop/*`) at the workload that owns the template: resourceRef = the workload, pod field paths
 * prefixed with the template's path (`metadata.annotations[...]` →
 * `spec.template.metadata.annotations[...]`). Results about other objects (a ContainerPatch)
 * pass through.
 */
export function retarget(results: readonly Result[], podDescription: string, workload: KubeObject, prefix: string): Result[] {
  return results.map((result) => {
    if (result.resourceRef?.kind !== 'Pod' || !result.message.startsWith(podDescription)) return result;
    const out: Result = { ...result, resourceRef: refOf(workload) };
    let rest = result.message.slice(podDescription.length);
    if (result.field !== undefined) {
      const path = isPodPath(result.field.path) ? `${prefix}${result.field.path}` : result.field.path;
      out.field = { ...result.field, path };
      if (rest.startsWith(`, ${result.field.path}`)) rest = `, ${path}${rest.slice(result.field.path.length + 2)}`;
    }
    out.message = `${describe(workload)}${rest}`;
    return out;
  });
}

function isPodPath(path: string): boolean {
  return path === 'metadata' || path === 'spec' || path.startsWith('metadata.') || path.startsWith('spec.');
}

/** A result about the workload, in the house format `<Kind ns/name>[, field]: text`. */
export function workloadResult(severity: Severity, workload: KubeObject, text: string, field?: string): Result {
  const where = field === undefined ? '' : `, ${field}`;
  return resultFor(severity, workload, `${describe(workload)}${where}: ${text}`, field);
}
