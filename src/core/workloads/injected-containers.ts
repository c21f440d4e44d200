import { deepEqual } from '../deep-equal.ts';
import { recordList, type JsonRecord } from './json-shapes.ts';
import { INJECTED_CONTAINERS, type PodView } from './injected-parts.ts';

/**
 * Returns the names of the injected containers (kuma-sidecar, kuma-init, kuma-validation) that
 * differ between two pods: added, removed, moved between `containers` and `initContainers`, or
 * changed in any field. Order follows INJECTED_CONTAINERS.
 */
export function containerChanges(before: PodView, after: PodView): string[] {
  return INJECTED_CONTAINERS.filter((name) => !deepEqual(placed(before, name), placed(after, name)));
}

function placed(pod: PodView, name: string): { list: string; container: JsonRecord } | undefined {
  for (const list of ['containers', 'initContainers']) {
    const container = (recordList(pod.spec, list) ?? []).find((c) => c.name === name);
    if (container !== undefined) return { list, container };
  }
  return undefined;
}
