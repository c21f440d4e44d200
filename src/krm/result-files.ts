import type { KubeObject, Result } from '../core/types.ts';
import { KPT } from '../core/kpt-annotations.ts';

const PATH_KEYS = [KPT.path, KPT.legacyPath];
const INDEX_KEYS = [KPT.index, KPT.legacyIndex];
/** kpt (render) gives each item the absolute path of the package it was read from. */
const PACKAGE_PATH = KPT.packagePath;

/**
 * Adds `file` (path and index, from the annotations kpt puts on every item) to each result that
 * points at an item, so `kpt fn render` can say which file to open.
 */
export function withFiles(results: readonly Result[], items: readonly KubeObject[]): Result[] {
  const byRef = new Map<string, { path: string; index?: number }>();
  const root = rootPackagePath(items);
  for (const item of items) {
    const annotations = item.metadata?.annotations ?? {};
    const own = firstOf(annotations, PATH_KEYS);
    if (own === undefined) continue;
    const path = inRootPackage(own, annotations[PACKAGE_PATH], root);
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

/** The package being rendered: the shortest package path, every subpackage lies below it. */
function rootPackagePath(items: readonly KubeObject[]): string | undefined {
  let root: string | undefined;
  for (const item of items) {
    const path = item.metadata?.annotations?.[PACKAGE_PATH];
    if (path !== undefined && (root === undefined || path.length < root.length)) root = path;
  }
  return root;
}

/**
 * kpt's file paths are relative to each item's own (sub)package; results name files relative to
 * the package being rendered, so `sub/deployment.yaml` and `deployment.yaml` stay apart.
 */
function inRootPackage(path: string, packagePath: string | undefined, root: string | undefined): string {
  if (packagePath === undefined || root === undefined || packagePath === root || !packagePath.startsWith(`${root}/`)) return path;
  return `${packagePath.slice(root.length + 1)}/${path}`;
}
