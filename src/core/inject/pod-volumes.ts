import type { Settings } from '../settings.ts';
import { NAME } from './keys.ts';
import type { Volume } from './pod-shape.ts';

/** Volumes the webhook appends to `spec.volumes` (spec §12), in its order. */

/** The tmp dirs of kuma-init and kuma-sidecar, plus the SPIRE socket when SPIRE is on for the pod. */
export function baseVolumes(spire: boolean): Volume[] {
  const volumes: Volume[] = [
    { name: NAME.initTmp, emptyDir: { sizeLimit: '10M' } },
    { name: NAME.sidecarTmp, emptyDir: { sizeLimit: '10M' } },
  ];
  if (spire) volumes.push({ name: NAME.spireSocket, csi: { driver: 'csi.spiffe.io', readOnly: true } });
  return volumes;
}

/** The host paths eBPF mode mounts into kuma-init (added whenever config ebpf.enabled, even in CNI mode). */
export function ebpfVolumes(settings: Settings): Volume[] {
  const { ebpf } = settings.injector;
  if (!settings.release.injector.ebpf || !ebpf.enabled) return [];
  return [
    { name: NAME.sysFsCgroup, hostPath: { path: ebpf.cgroupPath } },
    { name: NAME.bpfFs, hostPath: { path: ebpf.bpffsPath } },
  ];
}
