import type { KubeObject, Result } from './types.ts';
import type { NamespaceInfo, Settings } from './settings.ts';
import type { NamedContainerPatch } from './container-patch/types.ts';
import { collectContainerPatches } from './container-patch/collect.ts';
import { indexServices, type ServiceIndex } from './dataplane/service-index.ts';
import { nonStringNamespaceValues } from './namespace-values.ts';

/**
 * What the webhook would read from the cluster, read from the bundle instead (the offline twin of
 * its client.Get calls): Namespaces, Meshes, ContainerPatches and Services.
 */
export interface BundleContext {
  namespaces: ReadonlyMap<string, NamespaceInfo>;
  meshes: ReadonlySet<string>;
  containerPatches: ReadonlyMap<string, NamedContainerPatch>;
  services: ServiceIndex;
  results: Result[];
}

export function readBundleContext(items: readonly KubeObject[], settings: Settings): BundleContext {
  const namespaces = new Map<string, NamespaceInfo>();
  const meshes = new Set(settings.meshes);
  const results: Result[] = [];
  for (const item of items) {
    const name = item.metadata.name;
    if (name === undefined || item.apiVersion === undefined) continue;
    if (item.kind === 'Namespace' && item.apiVersion === 'v1') {
      namespaces.set(name, { labels: item.metadata.labels ?? {}, annotations: item.metadata.annotations ?? {} });
      results.push(...nonStringNamespaceValues(item));
    }
    if (item.kind === 'Mesh' && item.apiVersion.startsWith('kuma.io/')) meshes.add(name);
  }
  const patches = collectContainerPatches(items, settings.systemNamespace);
  return {
    namespaces,
    meshes,
    containerPatches: patches.byName,
    services: indexServices(items, settings.dataplane.ignoredServiceSelectorLabels, settings.defaultNamespace),
    results: [...results, ...patches.results],
  };
}
