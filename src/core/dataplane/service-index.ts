import type { KubeObject } from '../types.ts';
import { isTrueWord } from './annotation-values.ts';
import { byteOrder } from './kube-values.ts';
import { selectorMatches, serviceView, type ServiceView } from './service-view.ts';

/**
 * The bundle's Services, indexed so that finding the ones that select a Pod costs about the number
 * of its labels, not the number of Services. Each Service is filed under ONE pair of its selector
 * (its anchor: the pair fewest selectors share), so a lookup examines each candidate at most once
 * and only Services that share the Pod's rarest-matching pair.
 */
export interface ServiceIndex {
  /** Services of the namespace whose selector selects the labels, sorted by name (the control plane's order). */
  selecting(namespace: string, podLabels: Record<string, string>): KubeObject[];
  /** The same, decoded. */
  selectingViews(namespace: string, podLabels: Record<string, string>): ServiceView[];
  /** Services of the namespace with an empty selector (attached only through EndpointSlices at runtime). */
  selectorless(namespace: string): ServiceView[];
  /** `Mesh` objects of the bundle by name (read in the same pass, for `meshServices.mode`). */
  mesh(name: string): KubeObject | undefined;
  /** `Node` objects of the bundle by name (kuma-cp reads the Pod's Node for nodeLabelsToCopy). */
  node(name: string): KubeObject | undefined;
  /** A Service's port names (the port number where a port has no name), for messages. */
  portNames(namespace: string, name: string): string[];
  /** How many Services all lookups so far have compared against Pod labels (to prove the cost stays linear). */
  readonly examined: number;
}

interface Filed {
  view: ServiceView;
  /** The selector used for matching: the full selector minus ignoredServiceSelectorLabels. */
  selector: Record<string, string>;
}

function pairKey(namespace: string, key: string, value: string): string {
  return `${namespace}\u0000${key}\u0000${value}`;
}

/**
 * Indexes the Services (any namespace), Meshes and Nodes of the bundle. Services annotated
 * `kuma.io/ignore: true` are left out, as the control plane leaves them out. `ignoredSelectorLabels`
 * are kuma-cp's runtime.kubernetes.injector.ignoredServiceSelectorLabels. A Service without a
 * namespace is filed under `defaultNamespace`, the namespace a namespace-less workload is previewed
 * in, since the host applies both there.
 */
export function indexServices(
  items: readonly KubeObject[],
  ignoredSelectorLabels: readonly string[] = [],
  defaultNamespace = '',
): ServiceIndex {
  const byAnchor = new Map<string, Filed[]>();
  const selectorlessByNs = new Map<string, ServiceView[]>();
  const meshes = new Map<string, KubeObject>();
  const nodes = new Map<string, KubeObject>();
  const ignored = new Set(ignoredSelectorLabels);
  const filed: Filed[] = [];
  const byName = new Map<string, ServiceView>();
  for (const item of items) {
    if (item.kind === 'Mesh' && typeof item.apiVersion === 'string' && item.apiVersion.startsWith('kuma.io/')) {
      if (item.metadata?.name !== undefined) meshes.set(item.metadata.name, item);
      continue;
    }
    if (item.kind === 'Node' && item.apiVersion === 'v1') {
      if (typeof item.metadata?.name === 'string') nodes.set(item.metadata.name, item);
      continue;
    }
    if (item.kind !== 'Service' || item.apiVersion !== 'v1') continue;
    const view = serviceView(item, defaultNamespace);
    byName.set(`${view.namespace}/${view.name}`, view);
    if (isTrueWord(view.annotations['kuma.io/ignore'] ?? '')) continue;
    if (Object.keys(view.selector).length === 0) {
      const list = selectorlessByNs.get(view.namespace) ?? [];
      list.push(view);
      selectorlessByNs.set(view.namespace, list);
      continue;
    }
    const selector: Record<string, string> = {};
    for (const [k, v] of Object.entries(view.selector)) if (!ignored.has(k)) selector[k] = v;
    filed.push({ view, selector });
  }
  // Anchor each Service on the rarest pair of its selector, so a pair many selectors share
  // (tier: web) never gathers them all under one key.
  const frequency = new Map<string, number>();
  for (const { view, selector } of filed) {
    for (const [k, v] of Object.entries(selector)) {
      const key = pairKey(view.namespace, k, v);
      frequency.set(key, (frequency.get(key) ?? 0) + 1);
    }
  }
  for (const entry of filed) {
    let anchor = `${entry.view.namespace}\u0000*`; // a selector made only of ignored labels selects every Pod
    let best = Infinity;
    for (const [k, v] of Object.entries(entry.selector)) {
      const key = pairKey(entry.view.namespace, k, v);
      const count = frequency.get(key) as number;
      if (count < best || (count === best && key < anchor)) {
        best = count;
        anchor = key;
      }
    }
    const list = byAnchor.get(anchor) ?? [];
    list.push(entry);
    byAnchor.set(anchor, list);
  }
  let examined = 0;
  const selectingViews = (namespace: string, podLabels: Record<string, string>): ServiceView[] => {
    const byName = new Map<string, ServiceView>();
    const consider = (candidates: Filed[] | undefined): void => {
      for (const filed of candidates ?? []) {
        examined++;
        if (selectorMatches(filed.selector, podLabels)) byName.set(filed.view.name, filed.view);
      }
    };
    consider(byAnchor.get(`${namespace}\u0000*`));
    for (const [key, value] of Object.entries(podLabels)) consider(byAnchor.get(pairKey(namespace, key, value)));
    return [...byName.values()].sort((a, b) => byteOrder(a.name, b.name));
  };
  return {
    selectingViews,
    selecting: (namespace, podLabels) => selectingViews(namespace, podLabels).map((v) => v.object),
    selectorless: (namespace) => selectorlessByNs.get(namespace) ?? [],
    mesh: (name) => meshes.get(name),
    node: (name) => nodes.get(name),
    portNames: (namespace, name) => (byName.get(`${namespace}/${name}`)?.ports ?? []).map((p) => (p.name === '' ? String(p.port) : p.name)),
    get examined() {
      return examined;
    },
  };
}
