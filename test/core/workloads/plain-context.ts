/** The WorkloadContext most workload tests need: the given namespaces, no patches, no Services. */
import type { WorkloadContext } from '../../../src/core/workloads/plan-workload.ts';
import type { NamespaceInfo, Settings } from '../../../src/core/settings.ts';

/** Meshes exist as `settings.meshes` says, unless `meshExists` says otherwise. */
export function plainContext(
  settings: Settings,
  namespaces: Record<string, NamespaceInfo>,
  meshExists: (mesh: string) => boolean = (mesh) => settings.meshes.includes(mesh),
): WorkloadContext {
  return {
    settings,
    namespaces: new Map(Object.entries(namespaces)),
    meshExists,
    containerPatch: () => undefined,
    servicesSelecting: () => [],
  };
}
