import type { KubeObject } from '../types.ts';
import type { Settings } from '../settings.ts';
import { isPreview, PREVIEW_OF } from './preview-identity.ts';
import { KPT } from '../kpt-annotations.ts';

/** What becomes of the bundle's items and the fresh previews (indexes point into the items). */
export interface PreviewPlacement {
  /** Existing previews replaced in place by their fresh version (kpt's file annotations kept). */
  replace: Map<number, KubeObject>;
  /** Existing previews whose workload left the mesh (or previews are off), and duplicates. */
  drop: Set<number>;
  /** Previews of workloads that had none, each with its own file. */
  add: KubeObject[];
}

const { path: PATH, index: INDEX, legacyPath: LEGACY_PATH, legacyIndex: LEGACY_INDEX } = KPT;

/** Annotations kpt owns on an item it read (ids, file, index, list style): kept on a replacement. */
function isKptAnnotation(key: string): boolean {
  return key.startsWith('internal.config.kubernetes.io/') || key === 'config.k8s.io/id'
    || key === LEGACY_PATH || key === LEGACY_INDEX;
}

/** `<previewsDir>/<namespace>/<kind>-<name>.yaml`: one file per workload, stable across renders. */
export function previewPath(previewsDir: string, dataplane: KubeObject): string {
  // kpt refuses paths outside the package: no leading '/', no '..' segments.
  const dir = previewsDir.split('/').filter((part) => part !== '' && part !== '.' && part !== '..').join('/');
  const [kind = '', namespace = '', name = ''] = (dataplane.metadata.annotations?.[PREVIEW_OF] ?? '').split('/');
  const file = `${namespace}/${kind.toLowerCase()}-${name}.yaml`;
  return dir === '' ? file : `${dir}/${file}`;
}

function withFile(dataplane: KubeObject, carried: Record<string, string>, path: string): KubeObject {
  const annotations: Record<string, string> = { ...dataplane.metadata.annotations, ...carried };
  annotations[PATH] = path;
  annotations[INDEX] = '0';
  annotations[LEGACY_PATH] = path;
  annotations[LEGACY_INDEX] = '0';
  return { ...dataplane, metadata: { ...dataplane.metadata, annotations } };
}

/**
 * Upserts the fresh previews into the bundle: an existing preview of the same workload (found by
 * our `kuma-inject.dev/preview-of` marker, never by kind alone) is replaced in place, keeping kpt's
 * id annotations so a second render is byte-identical; our previews without a fresh version are
 * dropped; the rest are added, each at `<previewsDir>/<namespace>/<kind>-<name>.yaml`, index 0.
 */
export function placePreviews(
  items: readonly KubeObject[],
  fresh: readonly { dataplane: KubeObject; owner: KubeObject }[],
  settings: Settings,
): PreviewPlacement {
  const copies = new Map<string, number[]>();
  const drop = new Set<number>();
  items.forEach((item, index) => {
    if (!isPreview(item)) return;
    const key = item.metadata.annotations?.[PREVIEW_OF] as string;
    copies.set(key, [...(copies.get(key) ?? []), index]);
  });
  // A workload's preview found twice (e.g. a `kpt fn eval` of a subfolder wrote a second one):
  // keep the copy at the path this render would write, else the first; drop the others.
  const freshByKey = new Map(fresh.map((f) => [f.dataplane.metadata.annotations?.[PREVIEW_OF], f.dataplane]));
  const existing = new Map<string, number>();
  for (const [key, indexes] of copies) {
    const expected = freshByKey.get(key);
    const path = expected === undefined ? undefined : previewPath(settings.previewsDir, expected);
    const keep = indexes.find((i) => (items[i] as KubeObject).metadata.annotations?.[PATH] === path) ?? (indexes[0] as number);
    existing.set(key, keep);
    for (const i of indexes) if (i !== keep) drop.add(i);
  }
  const replace = new Map<number, KubeObject>();
  const add: KubeObject[] = [];
  const freshKeys = new Set<string>();
  const wanted = settings.previews === 'off' ? [] : fresh;
  for (const { dataplane } of wanted) {
    const key = dataplane.metadata.annotations?.[PREVIEW_OF];
    if (key === undefined || freshKeys.has(key)) continue;
    freshKeys.add(key);
    const path = previewPath(settings.previewsDir, dataplane);
    const index = existing.get(key);
    if (index === undefined) {
      add.push(withFile(dataplane, {}, path));
      continue;
    }
    const carried: Record<string, string> = {};
    for (const [k, v] of Object.entries((items[index] as KubeObject).metadata.annotations ?? {})) {
      if (isKptAnnotation(k)) carried[k] = v;
    }
    replace.set(index, withFile(dataplane, carried, path));
  }
  for (const [key, index] of existing) if (!freshKeys.has(key)) drop.add(index);
  return { replace, drop, add };
}
