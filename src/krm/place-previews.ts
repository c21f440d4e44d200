import type { KubeObject } from '../core/types.ts';
import type { OutputItem } from '../core/output.ts';
import { deepEqual } from '../core/deep-equal.ts';
import { KPT } from '../core/kpt-annotations.ts';
import { isPreview, PREVIEW_OF } from '../core/dataplane/preview-identity.ts';
import type { PreviewPlacement } from './host-profile.ts';

/** The output with the previews where the host wants them, and the ones it writes as files itself. */
export interface PlacedPreviews {
  output: OutputItem[];
  /** Placement `files`: one per workload, at its {@link previewFile} path. */
  files: { path: string; object: KubeObject }[];
}

const { path: PATH, index: INDEX, legacyPath: LEGACY_PATH, legacyIndex: LEGACY_INDEX } = KPT;

/**
 * `<namespace>/<kind>-<name>.yaml` of the workload a preview is of: one file per workload, stable
 * across renders. The preview's own name holds runtime placeholders such as `<random>`, so the
 * workload's key (always set by the core) names the file.
 */
export function previewFile(preview: KubeObject): string {
  const [kind = '', namespace = '', name = ''] = (preview.metadata.annotations?.[PREVIEW_OF] ?? '').split('/');
  return `${namespace}/${kind.toLowerCase()}-${name}.yaml`;
}

/** Where kpt writes a preview: {@link previewFile} under previewsDir, inside the package. */
export function kptPreviewPath(previewsDir: string, preview: KubeObject): string {
  // kpt refuses paths outside the package: no leading '/', no '..' segments.
  const dir = previewsDir
    .split('/')
    .filter((part) => part !== '' && part !== '.' && part !== '..')
    .join('/');
  const file = previewFile(preview);
  return dir === '' ? file : `${dir}/${file}`;
}

/** Annotations kpt owns on an item it read (ids, file, index, list style): kept on a replacement. */
function isKptAnnotation(key: string): boolean {
  return key.startsWith('internal.config.kubernetes.io/') || key === 'config.k8s.io/id' || key === LEGACY_PATH || key === LEGACY_INDEX;
}

function withFile(preview: KubeObject, carried: Record<string, string>, path: string): KubeObject {
  const annotations: Record<string, string> = { ...preview.metadata.annotations, ...carried };
  annotations[PATH] = path;
  annotations[INDEX] = '0';
  annotations[LEGACY_PATH] = path;
  annotations[LEGACY_INDEX] = '0';
  return { ...preview, metadata: { ...preview.metadata, annotations } };
}

/**
 * Puts the core's fresh previews where the host wants them, the one place that knows placements.
 * Previews already in the input (found by the core's `kuma-inject.dev/preview-of` marker, never by
 * kind alone) are upserted for `kpt-files` and `inline`: replaced in place by their fresh version
 * (keeping kpt's ids, so a second render is byte-identical), dropped when their workload has none
 * any more, added when new. For `files` and `none` they leave the output: the fresh ones are
 * handed back as files, or nowhere.
 */
export function placePreviews(
  placement: PreviewPlacement,
  items: readonly KubeObject[],
  output: readonly OutputItem[],
  previews: readonly KubeObject[],
  previewsDir: string,
): PlacedPreviews {
  const copies = new Map<string, number[]>();
  items.forEach((item, index) => {
    if (!isPreview(item)) return;
    const key = item.metadata.annotations?.[PREVIEW_OF] as string;
    copies.set(key, [...(copies.get(key) ?? []), index]);
  });
  if (placement === 'files' || placement === 'none') {
    const rest = output.filter((item) => item.kind === 'added' || !isPreview(items[item.index] as KubeObject));
    const files = placement === 'files' ? previews.map((object) => ({ path: previewFile(object), object })) : [];
    return { output: rest, files };
  }
  const path = (preview: KubeObject): string | undefined => (placement === 'kpt-files' ? kptPreviewPath(previewsDir, preview) : undefined);
  const fresh = new Map(previews.map((preview) => [preview.metadata.annotations?.[PREVIEW_OF] as string, preview]));
  const drop = new Set<number>();
  const replace = new Map<number, KubeObject>();
  for (const [key, indexes] of copies) {
    // A workload's preview found twice (e.g. a `kpt fn eval` of a subfolder wrote a second one):
    // keep the copy at the path this render writes, else the first; drop the others.
    const preview = fresh.get(key);
    const wanted = preview === undefined ? undefined : path(preview);
    const keep =
      indexes.find((i) => wanted !== undefined && (items[i] as KubeObject).metadata.annotations?.[PATH] === wanted) ??
      (indexes[0] as number);
    for (const i of indexes) if (i !== keep || preview === undefined) drop.add(i);
    if (preview === undefined) continue;
    const file = path(preview);
    if (file === undefined) {
      replace.set(keep, preview);
      continue;
    }
    const carried = Object.fromEntries(
      Object.entries((items[keep] as KubeObject).metadata.annotations ?? {}).filter(([k]) => isKptAnnotation(k)),
    );
    replace.set(keep, withFile(preview, carried, file));
  }
  const placed: OutputItem[] = [];
  for (const item of output) {
    if (item.kind === 'added') placed.push(item);
    else if (drop.has(item.index)) continue;
    else {
      const replacement = replace.get(item.index);
      if (replacement === undefined) placed.push(item);
      // A re-render that gives the same preview keeps the item's bytes exactly.
      else
        placed.push(
          deepEqual(replacement, items[item.index])
            ? { kind: 'kept', index: item.index }
            : { kind: 'changed', index: item.index, object: replacement },
        );
    }
  }
  for (const preview of previews) {
    if (copies.has(preview.metadata.annotations?.[PREVIEW_OF] as string)) continue;
    const file = path(preview);
    placed.push({ kind: 'added', object: file === undefined ? preview : withFile(preview, {}, file) });
  }
  return { output: placed, files: [] };
}
