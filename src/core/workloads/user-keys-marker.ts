import type { KubeObject } from '../types.ts';
import { isRecord } from './json-shapes.ts';

/**
 * The workload annotation kuma-inject writes when it injects a workload's template: which of the
 * keys the injector writes with "the pod's own value, else a default" semantics (RESTORABLE in
 * restore-annotations.ts) the template carried before injection, as a comma-separated list of
 * `annotations/<key>` / `labels/<key>` (possibly ''). On the workload's own metadata, never on the
 * pod template, so the template stays exactly what the webhook would produce. An entry whose
 * value injection replaced also records the original (`annotations/<key>=<URI-encoded value>`,
 * e.g. `annotations/kuma.io/transparent-proxying-ip-family-mode=`). Bare Pods are
 * their own template and get none.
 */
export const USER_KEYS_ANNOTATION = 'kuma-inject.dev/user-keys';

/**
 * Returns the keys the workload's marker lists as the user's, each with the original value when
 * the entry records one (`<on>/<key>=<URI-encoded value>`: injection replaced it), or undefined
 * when the workload has no marker (a template injected by the webhook itself or by an older tool)
 * or its value is not a string. A listed key the table does not know simply matches nothing.
 */
export function readUserKeys(workload: KubeObject): ReadonlyMap<string, string | undefined> | undefined {
  const annotations = workload.metadata.annotations;
  if (!isRecord(annotations) || !Object.hasOwn(annotations, USER_KEYS_ANNOTATION)) return undefined;
  const value = annotations[USER_KEYS_ANNOTATION];
  if (typeof value !== 'string') return undefined;
  const keys = new Map<string, string | undefined>();
  for (const entry of value.split(',').map((e) => e.trim()).filter((e) => e !== '')) {
    const eq = entry.indexOf('=');
    if (eq < 0) keys.set(entry, undefined);
    else keys.set(entry.slice(0, eq), decoded(entry.slice(eq + 1)));
  }
  return keys;
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Returns the workload with the marker set to `keys` (the same reference when it already says
 * so). Other annotations keep their order and values; a new marker goes last.
 */
export function withUserKeys(workload: KubeObject, keys: readonly string[]): KubeObject {
  const value = keys.join(',');
  const annotations = workload.metadata.annotations;
  if (isRecord(annotations) && annotations[USER_KEYS_ANNOTATION] === value) return workload;
  const next = { ...(isRecord(annotations) ? annotations : {}), [USER_KEYS_ANNOTATION]: value };
  return { ...workload, metadata: { ...workload.metadata, annotations: next } };
}

/**
 * Returns the workload without the marker (the same reference when it has none); an annotation
 * map left empty goes too, since the marker was what created it.
 */
export function withoutUserKeys(workload: KubeObject): KubeObject {
  const annotations = workload.metadata.annotations;
  if (!isRecord(annotations) || !Object.hasOwn(annotations, USER_KEYS_ANNOTATION)) return workload;
  const next: Record<string, string> = { ...annotations };
  delete next[USER_KEYS_ANNOTATION];
  const metadata: KubeObject['metadata'] = { ...workload.metadata, annotations: next };
  if (Object.keys(next).length === 0) delete metadata.annotations;
  return { ...workload, metadata };
}
