import type { KubeObject, Result } from '../core/types.ts';

const PATH_KEYS = ['internal.config.kubernetes.io/path', 'config.kubernetes.io/path'];
const INDEX_KEYS = ['internal.config.kubernetes.io/index', 'config.kubernetes.io/index'];

/**
 * Adds `file` (path and index, from the annotations kpt puts on every item) to each result that
 * points at an item, so `kpt fn render` can say which file to open.
 */
export function withFiles(results: readonly Result[], items: readonly KubeObject[]): Result[] {
  const byRef = new Map<string, { path: string; index?: number }>();
  for (const item of items) {
    const annotations = item.metadata?.annotations ?? {};
    const path = firstOf(annotations, PATH_KEYS);
    if (path === undefined) continue;
    const index = firstOf(annotations, INDEX_KEYS);
    const file: { path: string; index?: number } = { path };
    if (index !== undefined && /^\d+$/.test(index)) file.index = Number(index);
    byRef.set(refKey(item.kind, item.metadata.namespace, item.metadata.name), file);
  }
  if (byRef.size === 0) return [...results];
  return results.map((result) => {
    const ref = result.resourceRef;
    if (ref === undefined || result.file !== undefined) return result;
    const file = byRef.get(refKey(ref.kind, ref.namespace, ref.name));
    return file === undefined ? result : { ...result, file };
  });
}

function firstOf(annotations: Record<string, string>, keys: readonly string[]): string | undefined {
  for (const key of keys) if (annotations[key] !== undefined) return annotations[key];
  return undefined;
}

function refKey(kind: string, namespace: string | undefined, name: string | undefined): string {
  return `${kind}\u0000${namespace ?? ''}\u0000${name ?? ''}`;
}
