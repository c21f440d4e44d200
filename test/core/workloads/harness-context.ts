/** WorkloadContext / InjectContext of one upstream conformance run (harness.common.yaml + case file). */
import type { WorkloadContext } from '../../../src/core/workloads/plan-workload.ts';
import type { InjectContext } from '../../../src/core/inject/inject-pod.ts';
import type { KubeObject } from '../../../src/core/types.ts';
import type { NamedContainerPatch, ContainerPatchSpec } from '../../../src/core/container-patch/types.ts';
import type { Settings } from '../../../src/core/settings.ts';
import { harnessContainerPatches, type ConformanceCase } from './conformance-cases.ts';

const patches = harnessContainerPatches();

function containerPatch(name: string): NamedContainerPatch | undefined {
  const object = patches.find((p) => p.metadata.name === name);
  return object === undefined ? undefined : { name, spec: object.spec as ContainerPatchSpec, object };
}

/** The upstream pods carry no namespace; the webhook then reads namespace `default` (README). */
export const CASE_NAMESPACE = 'default';

export function workloadContext(c: ConformanceCase, settings: Settings): WorkloadContext {
  return {
    settings,
    namespaces: new Map([[CASE_NAMESPACE, c.namespace]]),
    meshExists: (mesh) => c.meshes.includes(mesh),
    containerPatch,
    servicesSelecting: (): KubeObject[] => [],
  };
}

export function injectContext(c: ConformanceCase, settings: Settings): InjectContext {
  return {
    settings,
    namespace: { name: CASE_NAMESPACE, ...c.namespace },
    meshExists: (mesh) => c.meshes.includes(mesh),
    containerPatch,
    servicesSelecting: () => [],
  };
}
