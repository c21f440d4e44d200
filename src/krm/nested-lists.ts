import { codeTag } from '../core/result-codes.ts';
import type { KubeObject, Result } from '../core/types.ts';
import type { OutputItem } from '../core/output.ts';
import { isRecord } from '../core/json-record.ts';
import { refOf } from '../core/results.ts';

/**
 * Where a flattened object came from: the top-level item `top`, and inside it the `items` index
 * at each level of nested Lists (empty for an item that is not in a List).
 */
interface ListOrigin {
  top: number;
  path: number[];
  /** The source item had no `metadata`; a `metadata: {}` was added for the core. */
  addedMetadata: boolean;
}

export interface FlatBundle {
  /** Every object of the bundle, Lists replaced by their items (depth first, in order). */
  objects: KubeObject[];
  origins: ListOrigin[];
  /**
   * Stand-ins for locating results in files: an item of a List carries the List's kpt file
   * annotations (kpt annotates the List, not its items).
   */
  located: KubeObject[];
  results: Result[];
}

/**
 * A List kubectl, kustomize and Argo CD all flatten: a kind ending in `List` (`v1 List`,
 * `apps/v1 DeploymentList`, a ResourceList written into a stream, …) whose `items` is a list of
 * Kubernetes objects. kubectl flattens any object with `items`, kustomize only kinds ending in
 * `List`; their intersection is what is injected. A custom kind that ends in `List` but whose
 * items are not objects is one object, as kustomize reads it.
 */
function isKubeList(object: KubeObject): boolean {
  return object.kind.endsWith('List') && Array.isArray(object.items) && object.items.every(isItemObject);
}

function isItemObject(value: unknown): boolean {
  return (
    isRecord(value) &&
    typeof value.apiVersion === 'string' &&
    value.apiVersion !== '' &&
    typeof value.kind === 'string' &&
    value.kind !== ''
  );
}

/**
 * What is wrong with a `kind: List` that kubectl refuses too: `items` that is not a list, or an
 * item that is not an object. Undefined when nothing is (or the object is no `kind: List`).
 */
function listProblem(object: KubeObject): { field: string; message: string } | undefined {
  if (object.kind !== 'List' || object.items === undefined || object.items === null) return undefined;
  if (!Array.isArray(object.items)) {
    return {
      field: 'items',
      message: `items must be a list of Kubernetes objects (got ${isRecord(object.items) ? 'a mapping' : JSON.stringify(object.items)}), so the List cannot be applied. Write items as a YAML list of objects.`,
    };
  }
  const index = object.items.findIndex((item) => !isItemObject(item));
  if (index === -1) return undefined;
  return {
    field: `items[${index}]`,
    message: `items[${index}] is not a Kubernetes object (a mapping with apiVersion and kind), so the List cannot be applied. Fix or remove that item.`,
  };
}

const FILE_ANNOTATION = /^(internal\.)?config\.kubernetes\.io\/(path|index)$|^config\.kubernetes\.io\/(path|index)$/;

function fileAnnotations(object: KubeObject): Record<string, string> {
  const annotations = isRecord(object.metadata?.annotations) ? object.metadata.annotations : {};
  return Object.fromEntries(
    Object.entries(annotations).filter(([key]) => FILE_ANNOTATION.test(key) || key === 'internal.config.kubernetes.io/package-path'),
  );
}

/**
 * The bundle with every List (at any depth, in a stream, a ResourceList or another List) replaced
 * by its items, so workloads in Lists are planned like any other; `foldLists` puts them back.
 */
export function flattenLists(items: readonly KubeObject[]): FlatBundle {
  const flat: FlatBundle = { objects: [], origins: [], located: [], results: [] };
  const visit = (
    object: KubeObject,
    top: number,
    path: number[],
    addedMetadata: boolean,
    file: Record<string, string> | undefined,
  ): void => {
    const bad = listProblem(object);
    if (bad !== undefined) {
      // Lists rarely have a name: say where the List is in the input.
      const where = [`input item ${top}`, ...path.map((i) => `items[${i}]`)].join(', ');
      const name = typeof object.metadata.name === 'string' ? ` ${object.metadata.name}` : '';
      flat.results.push({
        severity: 'error',
        message: `${object.apiVersion} ${object.kind}${name} (${where}): ${bad.message}`,
        field: { path: bad.field },
        resourceRef: refOf(object),
        tags: codeTag('KI0004'),
      });
    }
    if (!isKubeList(object)) {
      flat.objects.push(object);
      flat.origins.push({ top, path, addedMetadata });
      flat.located.push(
        file === undefined
          ? object
          : { apiVersion: object.apiVersion, kind: object.kind, metadata: { ...object.metadata, annotations: file } },
      );
      return;
    }
    const own = path.length === 0 ? fileAnnotations(object) : file;
    (object.items as Record<string, unknown>[]).forEach((item, index) => {
      const missing = !isRecord(item.metadata);
      const child = (missing ? { ...item, metadata: {} } : item) as KubeObject;
      visit(child, top, [...path, index], missing, own);
    });
  };
  items.forEach((item, top) => visit(item, top, [], false, undefined));
  return flat;
}

/**
 * The core's output over the flattened bundle, folded back onto the top-level items: a List one of
 * whose items changed (or was dropped) becomes a changed List, written back as a List with the
 * smallest edits; objects the core added stay top-level.
 */
export function foldLists(items: readonly KubeObject[], flat: FlatBundle, output: readonly OutputItem[]): OutputItem[] {
  const next = new Map<number, KubeObject>();
  const present = new Set<number>();
  const added: OutputItem[] = [];
  for (const out of output) {
    if (out.kind === 'added') {
      added.push(out);
      continue;
    }
    present.add(out.index);
    if (out.kind === 'changed') next.set(out.index, out.object);
  }
  const folded: OutputItem[] = [];
  let at = 0;
  items.forEach((item, top) => {
    const children: { origin: ListOrigin; object: KubeObject | undefined; changed: boolean }[] = [];
    while (at < flat.origins.length && (flat.origins[at] as ListOrigin).top === top) {
      const origin = flat.origins[at] as ListOrigin;
      const changed = next.get(at);
      children.push({
        origin,
        object: present.has(at) ? (changed ?? flat.objects[at]) : undefined,
        changed: changed !== undefined || !present.has(at),
      });
      at += 1;
    }
    const only = children.length === 1 ? children[0] : undefined;
    if (only !== undefined && only.origin.path.length === 0) {
      if (only.object === undefined) return;
      folded.push(only.changed ? { kind: 'changed', index: top, object: only.object } : { kind: 'kept', index: top });
      return;
    }
    if (!children.some((child) => child.changed)) {
      folded.push({ kind: 'kept', index: top });
      return;
    }
    let list: KubeObject = item;
    for (const child of children)
      if (child.changed)
        list = replaceAt(
          list,
          child.origin.path,
          child.object === undefined ? undefined : withoutAddedMetadata(child.object, child.origin),
        );
    folded.push({ kind: 'changed', index: top, object: removeDropped(list) });
  });
  return [...folded, ...added];
}

const DROPPED = Symbol('dropped');

function withoutAddedMetadata(object: KubeObject, origin: ListOrigin): Record<string, unknown> {
  if (!origin.addedMetadata || Object.keys(object.metadata).length > 0) return object;
  const { metadata: _metadata, ...rest } = object;
  return rest;
}

/** `list` with the item at `path` (nested `items` indexes) replaced; `undefined` marks it dropped. */
function replaceAt(list: KubeObject, path: readonly number[], value: Record<string, unknown> | undefined): KubeObject {
  const [index, ...rest] = path;
  if (index === undefined) return list;
  const items = [...(list.items as unknown[])];
  items[index] = rest.length === 0 ? (value ?? DROPPED) : replaceAt(items[index] as KubeObject, rest, value);
  return { ...list, items };
}

/** `list` without the items `replaceAt` marked dropped, at every depth. */
function removeDropped(list: KubeObject): KubeObject {
  if (!Array.isArray(list.items)) return list;
  const items = list.items
    .filter((item) => item !== DROPPED)
    .map((item) => (isRecord(item) && Array.isArray(item.items) ? removeDropped(item as KubeObject) : item));
  return { ...list, items };
}
