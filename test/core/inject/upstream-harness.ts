/**
 * Reads the upstream injector conformance folders (../shared/conformance/kuma-<v>/injector) and
 * turns a case into what injectPod needs: Settings built from the all-zero config + the case's
 * config file + harness.common.yaml, and an InjectContext answering from the case's cluster.
 */
import { parse } from 'yaml';
import type { NamedContainerPatch } from '../../../src/core/container-patch/types.ts';
import type { InjectContext, PodLike } from '../../../src/core/inject/inject-pod.ts';
import type { InjectorConfig } from '../../../src/core/inject/injector-config.ts';
import type { Settings } from '../../../src/core/settings.ts';
import type { Version } from '../../../src/config/releases.ts';
import type { KubeObject } from '../../../src/core/types.ts';
import { defaultSettings } from '../../../src/config/profiles.ts';

import { CONFORMANCE } from '../../conformance/conformance-dir.ts';
import { yamlFile } from '../../conformance/yaml-files.ts';

export { CONFORMANCE };
export const DIR_214 = new URL('kuma-2.14/injector/', CONFORMANCE);

export function readYaml<T = unknown>(url: URL): T {
  return yamlFile<T>(url);
}

export interface Harness {
  /** `transparentProxyConfigMap` is forced where the release reads only the ConfigMap (kuma-next). */
  injectorConfigOverrides: { caCertFile: string; transparentProxyConfigMap?: string };
  runtime: {
    /** Native sidecars, where the harness fixes it for every case (kuma-next). */
    sidecarContainersEnabled?: boolean;
    controlPlaneURL: string;
    envoyAdminPort: number;
    envoyReadinessPort: number;
    envoyAdminUnixSocket: boolean;
    systemNamespace: string;
    deltaXdsEnabled?: boolean;
  };
  cluster: { containerPatches: KubeObject[]; configMaps?: KubeObject[] };
}

export interface Cluster {
  meshes: KubeObject[];
  namespace: KubeObject;
  services?: KubeObject[];
}

/**
 * Overlays a kuma-cp YAML config onto `base` the way Go's non-strict decoder does: unknown keys
 * ignored, a bare number where a string is expected becomes that string.
 */
function overlay(base: unknown, patch: unknown): unknown {
  if (patch === null || patch === undefined) return base;
  if (typeof base === 'string') return typeof patch === 'string' ? patch : String(patch);
  if (typeof base === 'number') return Number(patch);
  if (typeof base === 'boolean') return Boolean(patch);
  if (Array.isArray(base)) return Array.isArray(patch) ? structuredClone(patch) : base;
  if (typeof base === 'object' && typeof patch === 'object') {
    const b = base as Record<string, unknown>;
    const p = patch as Record<string, unknown>;
    if (Object.keys(b).length === 0) {
      // A free-form map (envVars, exception labels): values are strings.
      return Object.fromEntries(Object.entries(p).map(([k, v]) => [k, String(v)]));
    }
    const out: Record<string, unknown> = { ...b };
    for (const [key, value] of Object.entries(p)) if (key in b) out[key] = overlay(b[key], value);
    return out;
  }
  return base;
}

/** Settings for one run: all-zero injector config + config file, runtime inputs of the harness. */
export function settingsFor(
  version: Version,
  harness: Harness,
  configFile: URL,
  caCert: string,
  runtime: { sidecarContainersEnabled?: boolean; deltaXdsEnabled?: boolean },
): Settings {
  const base = defaultSettings('kuma', version);
  const injector = overlay(allZeroInjectorConfig(), readYaml(configFile)) as InjectorConfig;
  const rt = harness.runtime;
  return {
    ...base,
    systemNamespace: rt.systemNamespace,
    controlPlane: { address: rt.controlPlaneURL, caCert },
    sidecarContainers: runtime.sidecarContainersEnabled ?? rt.sidecarContainersEnabled ?? false,
    deltaXds: runtime.deltaXdsEnabled ?? rt.deltaXdsEnabled ?? false,
    bootstrap: { adminPort: rt.envoyAdminPort, readinessPort: rt.envoyReadinessPort, envoyAdminUnixSocket: rt.envoyAdminUnixSocket },
    injector: {
      ...injector,
      transparentProxyConfigMap: harness.injectorConfigOverrides.transparentProxyConfigMap ?? injector.transparentProxyConfigMap,
    },
    // The test cluster's ConfigMaps only (contextFor), never the chart's default content.
    transparentProxyConfigs: {},
  };
}

/** An InjectContext answering from the objects of a case's cluster. */
export function contextFor(settings: Settings, harness: Harness, cluster: Cluster): InjectContext {
  const patches = new Map<string, NamedContainerPatch>();
  for (const object of harness.cluster.containerPatches) {
    if (object.metadata.namespace !== settings.systemNamespace) continue;
    const name = object.metadata.name ?? '';
    patches.set(name, { name, spec: (object.spec ?? {}) as NamedContainerPatch['spec'], object });
  }
  const meshes = new Set(cluster.meshes.map((m) => m.metadata.name));
  const ns = cluster.namespace.metadata;
  return {
    settings,
    namespace: { name: ns.name ?? 'default', labels: ns.labels ?? {}, annotations: ns.annotations ?? {} },
    meshExists: (name) => meshes.has(name),
    containerPatch: (name) => patches.get(name),
    transparentProxyConfigMap: (name: string) => {
      const found = (harness.cluster.configMaps ?? []).find(
        (cm) => cm.metadata.name === name && cm.metadata.namespace === settings.systemNamespace,
      );
      if (found === undefined) return undefined;
      const text = (found['data'] as Record<string, string> | undefined)?.['config.yaml'] ?? '';
      return { config: text === '' ? '' : parse(text) };
    },
    servicesSelecting: (pod: PodLike) =>
      (cluster.services ?? []).filter((svc) => {
        const selector = (svc.spec as { selector?: Record<string, string> } | undefined)?.selector ?? {};
        const labels = pod.metadata.labels ?? {};
        return Object.entries(selector).every(([k, v]) => labels[k] === v);
      }),
  };
}

/** The three normalisations the README allows, applied to a copy. */
export function normalise(pod: unknown): unknown {
  const copy = structuredClone(pod) as Record<string, unknown>;
  const status = copy.status;
  if (status !== undefined && typeof status === 'object' && status !== null && Object.keys(status).length === 0) delete copy.status;
  const meta = copy.metadata as Record<string, unknown> | undefined;
  if (meta !== undefined && meta.creationTimestamp === null) delete meta.creationTimestamp;
  const spec = copy.spec as Record<string, unknown> | undefined;
  for (const list of ['containers', 'initContainers']) {
    const containers = spec?.[list];
    if (!Array.isArray(containers)) continue;
    for (const c of containers as Record<string, unknown>[]) {
      const r = c.resources;
      if (r !== undefined && typeof r === 'object' && r !== null && Object.keys(r).length === 0) delete c.resources;
    }
  }
  return copy;
}

/**
 * The injector config the upstream conformance harness starts from: every number 0, every
 * boolean false, every string and list empty (harness.common.yaml). Case files overlay it.
 */
export function allZeroInjectorConfig(): InjectorConfig {
  const zeroProbe = { initialDelaySeconds: 0, timeoutSeconds: 0, periodSeconds: 0, successThreshold: 0, failureThreshold: 0 };
  const zeroResources = () => ({ requests: { cpu: '', memory: '' }, limits: { cpu: '', memory: '' } });
  return {
    sidecarContainer: {
      image: '',
      uid: 0,
      gid: 0,
      drainTime: '0s',
      redirectPortInbound: 0,
      redirectPortOutbound: 0,
      ipFamilyMode: '',
      readinessProbe: { ...zeroProbe },
      livenessProbe: { ...zeroProbe },
      startupProbe: { ...zeroProbe },
      resources: zeroResources(),
      envVars: {},
      waitForDataplaneReady: false,
    },
    initContainer: { image: '', resources: zeroResources() },
    validationContainer: { resources: zeroResources() },
    containerPatches: [],
    cniEnabled: false,
    virtualProbesEnabled: false,
    virtualProbesPort: 0,
    applicationProbeProxyPort: 0,
    sidecarTraffic: { excludeInboundPorts: [], excludeOutboundPorts: [], excludeInboundIPs: [], excludeOutboundIPs: [] },
    exceptions: { labels: {} },
    builtinDNS: { enabled: false, port: 0, logging: false, experimentalProxy: false },
    ebpf: { enabled: false, instanceIPEnvVarName: '', bpffsPath: '', cgroupPath: '', tcAttachIface: '', programsSourcePath: '' },
    transparentProxyConfigMap: '',
    unifiedResourceNamingEnabled: false,
    otelPipeEnabled: false,
    spire: { enabled: false, mountPath: '' },
  };
}
