import type { ObjectMeta } from '../types.ts';
import { isRecord, recordList, stringMap, type JsonRecord } from './json-shapes.ts';
import { probeRewriteOf, restoreProbes, type ProbeRecord } from './restore-probes.ts';

/** A pod, or a pod template turned into one: the webhook's view of a workload. */
export interface PodView {
  metadata: ObjectMeta;
  spec: Record<string, unknown>;
  [key: string]: unknown;
}

/** Containers the injector adds, wherever it places them (spec §7, §9, §10). */
export const INJECTED_CONTAINERS: readonly string[] = ['kuma-sidecar', 'kuma-init', 'kuma-validation'];

/** Volumes the injector appends (spec §12, §14.5, §11). */
export const INJECTED_VOLUMES: readonly string[] = [
  'kuma-init-tmp',
  'kuma-sidecar-tmp',
  'kuma-spire-agent-socket',
  'transparent-proxy-base',
  'transparent-proxy-custom',
  'sys-fs-cgroup',
  'bpf-fs',
];

/**
 * Annotations the injector always overwrites (spec §8, §14.3): a user value never survives
 * injection, so the injected value says nothing about the original and is removed (a workload's
 * record keeps the pod's own value, restore-annotations.ts).
 */
export const OVERWRITTEN_ANNOTATIONS: readonly string[] = [
  'kuma.io/sidecar-injected',
  'kuma.io/transparent-proxying',
  'kuma.io/sidecar-uid',
  'kuma.io/transparent-proxying-inbound-port',
  'kuma.io/transparent-proxying-outbound-port',
  'traffic.kuma.io/transparent-proxy-config',
];

/** True when the pod has a container named kuma-sidecar, in either list: the webhook then skips it (spec §2 step 4). */
export function hasSidecarContainer(pod: { spec?: Record<string, unknown> }): boolean {
  const spec = pod.spec ?? {};
  return ['containers', 'initContainers'].some((list) => (recordList(spec, list) ?? []).some((c) => c.name === 'kuma-sidecar'));
}

/**
 * True when the pod was injected by the webhook or by kuma-inject: a kuma-sidecar container and
 * the `kuma.io/sidecar-injected` annotation the injector always writes with it (spec §8). A
 * kuma-sidecar container without that annotation is the pod's own (the webhook skips such a pod
 * as already injected, see `foreignSidecar`): it is never stripped as an injected part.
 */
export function isInjected(pod: { metadata?: ObjectMeta; spec?: Record<string, unknown> }): boolean {
  return hasSidecarContainer(pod) && INJECTED_MARK.has(stringMap(pod.metadata?.annotations)['kuma.io/sidecar-injected'] ?? '');
}

/** The values Kuma's GetEnabled reads as true (case-sensitive, annotation-values.ts). */
const INJECTED_MARK = new Set(['true', 'enabled', 'yes']);

/**
 * Returns the pod without what the injector put into its spec and without the annotations it
 * always overwrites (the structural half of stripInjection): the kuma-sidecar / kuma-init /
 * kuma-validation containers (either layout), the volumes it appended (only when no remaining
 * container mounts them), and the application probe rewrites (restored from the paths and
 * X-Kuma headers the rewrite recorded; port names and whole probes from `probes` when the workload
 * recorded them, see restoreProbes). Annotations
 * and the `kuma.io/mesh` label that may be the user's own are left for `restoreAnnotations`.
 * A pod that is not injected is returned as is (same reference). Never mutates its input.
 */
export function stripInjectedParts<P extends PodView>(pod: P, probes?: ProbeRecord, readinessPort?: number): P {
  if (!isInjected(pod)) return pod;
  const spec: JsonRecord = { ...pod.spec };
  const rewrite = probeRewriteOf(stringMap(pod.metadata.annotations));
  const sidecarIndex = Array.isArray(spec.initContainers)
    ? spec.initContainers.findIndex((c: unknown) => isRecord(c) && c.name === 'kuma-sidecar')
    : -1;

  // Probes: regular containers, and in the native layout the user's restartable init
  // containers placed after kuma-sidecar (spec §13.2) — the same set the injector rewrote.
  if (Array.isArray(spec.containers)) {
    spec.containers = spec.containers.map((c: unknown) =>
      isRecord(c) && c.name !== 'kuma-sidecar' ? restoreProbes(c, rewrite, probes) : c,
    );
  }
  if (Array.isArray(spec.initContainers) && sidecarIndex >= 0) {
    spec.initContainers = spec.initContainers.map((c: unknown, i: number) =>
      isRecord(c) && i > sidecarIndex && c.restartPolicy === 'Always' ? restoreProbes(c, rewrite, probes) : c,
    );
  }

  for (const list of ['containers', 'initContainers']) {
    const value = spec[list];
    if (!Array.isArray(value)) continue;
    const kept = value.filter((c: unknown) => !(isRecord(c) && INJECTED_CONTAINERS.includes(String(c.name))));
    // The injector creates initContainers when the pod had none (spec §7); drop it again.
    if (kept.length === 0 && list === 'initContainers') delete spec[list];
    else spec[list] = kept;
  }

  const mounted = mountedVolumes(spec);
  if (Array.isArray(spec.volumes)) {
    const kept = spec.volumes.filter(
      (v: unknown) => !(isRecord(v) && INJECTED_VOLUMES.includes(String(v.name)) && !mounted.has(String(v.name))),
    );
    if (kept.length === 0) delete spec.volumes;
    else spec.volumes = kept;
  }

  const metadata: ObjectMeta = { ...pod.metadata };
  if (isRecord(metadata.annotations)) {
    // A copy of the raw map: a value that is not a string is the user's and stays as it is.
    const annotations: Record<string, unknown> = { ...metadata.annotations };
    if (typeof annotations[EXCLUDE_INBOUND_PORTS] === 'string') {
      const own = withoutReadinessExclusion(pod, readinessPort)[EXCLUDE_INBOUND_PORTS];
      if (own === undefined) delete annotations[EXCLUDE_INBOUND_PORTS];
      else annotations[EXCLUDE_INBOUND_PORTS] = own;
    }
    for (const key of OVERWRITTEN_ANNOTATIONS) delete annotations[key];
    metadata.annotations = annotations as Record<string, string>;
  }
  return { ...pod, metadata, spec };
}

const EXCLUDE_INBOUND_PORTS = 'traffic.kuma.io/exclude-inbound-ports';

/**
 * Returns the pod's annotations (a copy) without the readiness port that 2.14 appends to
 * `traffic.kuma.io/exclude-inbound-ports` when the Envoy admin API is on a Unix socket (spec §8).
 * The injected pod records that case: kuma-sidecar's readiness probe then targets the readiness
 * port instead of the admin port written in `kuma.io/envoy-admin-port` (spec §6.3). A value that
 * was only that port (the pod's own list was empty or absent) loses the key. With
 * `readinessPort` known (the settings'), only a probe on that port counts: `envoy-admin-port: "0"`
 * keeps the admin port out of the annotation, so the probe port alone cannot tell.
 */
export function withoutReadinessExclusion(pod: PodView, readinessPort?: number): Record<string, string> {
  const annotations = stringMap(pod.metadata.annotations);
  const value = annotations[EXCLUDE_INBOUND_PORTS];
  const port = sidecarProbePort(pod.spec);
  if (value === undefined || port === undefined || String(port) === annotations['kuma.io/envoy-admin-port']) return annotations;
  if (readinessPort !== undefined && port !== readinessPort) return annotations;
  if (value === String(port)) delete annotations[EXCLUDE_INBOUND_PORTS];
  else if (value.endsWith(`,${port}`)) annotations[EXCLUDE_INBOUND_PORTS] = value.slice(0, -`,${port}`.length);
  return annotations;
}

function sidecarProbePort(spec: Record<string, unknown>): number | undefined {
  for (const list of ['containers', 'initContainers']) {
    const sidecar = (recordList(spec, list) ?? []).find((c) => c.name === 'kuma-sidecar');
    const probe = sidecar?.readinessProbe;
    const httpGet = isRecord(probe) ? probe.httpGet : undefined;
    if (isRecord(httpGet) && typeof httpGet.port === 'number') return httpGet.port;
  }
  return undefined;
}

/** Names of the volumes mounted by any container left in the spec. */
function mountedVolumes(spec: JsonRecord): Set<string> {
  const names = new Set<string>();
  for (const list of ['containers', 'initContainers', 'ephemeralContainers']) {
    for (const c of recordList(spec, list) ?? []) {
      for (const m of Array.isArray(c.volumeMounts) ? c.volumeMounts.filter(isRecord) : []) names.add(String(m.name));
      for (const d of Array.isArray(c.volumeDevices) ? c.volumeDevices.filter(isRecord) : []) names.add(String(d.name));
    }
  }
  return names;
}
