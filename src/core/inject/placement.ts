import type { PodLike } from './inject-pod.ts';
import { containersOf, type Container } from './pod-shape.ts';

/**
 * Places kuma-sidecar and the init/validation container (spec §7). Native layout: init slot,
 * then kuma-sidecar (restartPolicy Always, preStop replaces any lifecycle), then user init
 * containers. Classic: kuma-sidecar first of `spec.containers`; init slot last (or first with
 * `kuma.io/init-first`).
 */
export function placeContainers(pod: PodLike, sidecar: Container, init: Container | undefined, native: boolean, initFirst: boolean): void {
  const prepend: Container[] = [];
  const append: Container[] = [];
  if (init !== undefined) (initFirst || native ? prepend : append).push(init);
  if (native) {
    prepend.push(asNativeSidecar(sidecar));
  } else {
    pod.spec.containers = [sidecar, ...containersOf(pod, 'containers')];
  }
  const initContainers = [...prepend, ...containersOf(pod, 'initContainers'), ...append];
  if (initContainers.length > 0 || pod.spec.initContainers !== undefined) pod.spec.initContainers = initContainers;
}

/**
 * The native sidecar: restartPolicy Always (next to resources, where Kubernetes writes it) and a
 * preStop drain that replaces any lifecycle, including a postStart or one from a ContainerPatch.
 */
function asNativeSidecar(sidecar: Container): Container {
  const out: Container = { name: sidecar.name };
  for (const [key, value] of Object.entries(sidecar)) {
    if (key === 'lifecycle') continue;
    out[key] = value;
    if (key === 'resources') out.restartPolicy = 'Always';
  }
  out.restartPolicy = 'Always';
  out.lifecycle = { preStop: { exec: { command: ['killall', '-USR2', 'kuma-dp'] } } };
  return out;
}
