import type { KubeObject, Result, Severity } from '../types.ts';
import { describe, refOf, resultFor } from '../results.ts';
import type { ResultCode } from '../result-codes.ts';

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
    if (result.field !== undefined && isPodPath(result.field.path)) out.field = { ...result.field, path: `${prefix}${result.field.path}` };
    // `, <pod field path>: text` → `, <template field path>: text`
    const rest = result.message.slice(podDescription.length);
    const where = /^, ([^\s:]+(?:\["[^"]*"\])?[^\s:]*):/.exec(rest);
    const path = where?.[1];
    out.message =
      path !== undefined && isPodPath(path)
        ? `${describe(workload)}, ${prefix}${path}${rest.slice(2 + path.length)}`
        : `${describe(workload)}${rest}`;
    return out;
  });
}

function isPodPath(path: string): boolean {
  return path === 'metadata' || path === 'spec' || path.startsWith('metadata.') || path.startsWith('spec.');
}

/** A result about the workload, in the house format `<Kind ns/name>[, field]: text`. */
export function workloadResult(code: ResultCode, severity: Severity, workload: KubeObject, text: string, field?: string): Result {
  const where = field === undefined ? '' : `, ${field}`;
  return resultFor(code, severity, workload, `${describe(workload)}${where}: ${text}`, field);
}
