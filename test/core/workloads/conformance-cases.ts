/**
 * Loader for the upstream injector conformance cases (../shared/conformance/kuma-<v>/injector):
 * inputs, goldens (normalised as that folder's README says) and the Settings of each run, built
 * from the harness the README describes (all-zero injector config + the case's config file).
 * Our own loader: the workload tests need the harness settings to drive planWorkload.
 */
import { readFileSync, readdirSync } from 'node:fs';
import yaml from 'js-yaml';
import type { Settings, Version } from '../../../src/core/settings.ts';
import type { InjectorConfig } from '../../../src/core/inject/injector-config.ts';
import type { KubeObject } from '../../../src/core/types.ts';

export const CONFORMANCE = new URL('../../../../shared/conformance/', import.meta.url);
const V214 = new URL('kuma-2.14/injector/', CONFORMANCE);

export interface CaseRun {
  variant: 'classic' | 'native';
  sidecarContainers: boolean;
  /** Normalised golden Pod, or undefined for error cases. */
  golden: KubeObject | undefined;
  goldenFile: string | undefined;
  settings: Settings;
}

export interface ConformanceCase {
  id: string;
  expect: 'inject' | 'skip' | 'error';
  input: KubeObject;
  namespace: { labels: Record<string, string>; annotations: Record<string, string> };
  meshes: string[];
  runs: CaseRun[];
  expectedErrorMessage?: string;
}

function load(url: URL): unknown {
  return yaml.load(readFileSync(url, 'utf8'));
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The README's three normalisations, applied to goldens and inputs alike. */
export function normalise<T>(pod: T): T {
  const copy = structuredClone(pod) as Json;
  if (isObj(copy.status) && Object.keys(copy.status).length === 0) delete copy.status;
  if (isObj(copy.metadata) && copy.metadata.creationTimestamp === null) delete copy.metadata.creationTimestamp;
  const spec = copy.spec;
  if (isObj(spec)) {
    for (const list of ['containers', 'initContainers']) {
      const containers = spec[list];
      if (!Array.isArray(containers)) continue;
      for (const c of containers) {
        if (isObj(c) && isObj(c.resources) && Object.keys(c.resources).length === 0) delete c.resources;
      }
    }
  }
  return copy as T;
}

/** The injector config the upstream test starts from: every field zero, false or empty. */
export function zeroInjectorConfig(): InjectorConfig {
  const probe = { initialDelaySeconds: 0, timeoutSeconds: 0, periodSeconds: 0, successThreshold: 0, failureThreshold: 0 };
  const resources = { requests: { cpu: '', memory: '' }, limits: { cpu: '', memory: '' } };
  return {
    sidecarContainer: {
      image: '', uid: 0, gid: 0, drainTime: '', redirectPortInbound: 0, redirectPortOutbound: 0, ipFamilyMode: '',
      readinessProbe: { ...probe }, livenessProbe: { ...probe }, startupProbe: { ...probe },
      resources: structuredClone(resources), envVars: {}, waitForDataplaneReady: false,
    },
    initContainer: { image: '', resources: structuredClone(resources) },
    validationContainer: { resources: structuredClone(resources) },
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

/** Overlays a kuma-cp config file on `base`, non-strictly like Go's YAML decoder: unknown keys are ignored. */
function overlay(base: Json, file: Json): void {
  for (const [key, value] of Object.entries(file)) {
    if (!Object.hasOwn(base, key)) continue;
    const current = base[key];
    if (isObj(current) && isObj(value)) {
      // Free-form maps (env vars, exception labels) take every key.
      if (key === 'envVars' || key === 'labels') Object.assign(current, value);
      else overlay(current, value);
    } else if (typeof current === 'string') base[key] = String(value);
    else base[key] = value;
  }
}

function caseIds(): string[] {
  return readdirSync(V214).filter((f) => f.endsWith('.case.yaml')).map((f) => f.replace(/\.case\.yaml$/, '')).sort();
}

/** Every case of one profile with its runs; inputs are shared (v2.13 reuses the v2.14 files). */
export function loadCases(version: Version): ConformanceCase[] {
  const folder = new URL(`kuma-${version}/injector/`, CONFORMANCE);
  const harness = load(new URL('harness.common.yaml', V214)) as Json;
  const runtime = harness.runtime as Json;
  const caCert = readFileSync(new URL('server-cert.pem', V214), 'utf8');
  return caseIds().map((id): ConformanceCase => {
    const file = load(new URL(`${id}.case.yaml`, V214)) as Json;
    const cluster = file.cluster as Json;
    const ns = (cluster.namespace as Json).metadata as Json;
    const meshes = (cluster.meshes as Json[]).map((m) => String((m.metadata as Json).name));
    const injector = zeroInjectorConfig();
    overlay(injector as unknown as Json, load(new URL(String(file.injectorConfig), folder)) as Json);
    const runs = (file.runs as Json[]).map((run): CaseRun => {
      const sidecarContainers = (run.runtime as Json).sidecarContainersEnabled === true;
      const goldenFile = run.golden === null ? undefined : String(run.golden);
      return {
        variant: run.variant === 'native' ? 'native' : 'classic',
        sidecarContainers,
        goldenFile,
        golden: goldenFile === undefined ? undefined : normalise(load(new URL(goldenFile, folder)) as KubeObject),
        settings: {
          product: 'kuma',
          version,
          systemNamespace: String(runtime.systemNamespace),
          controlPlane: { address: String(runtime.controlPlaneURL), caCert },
          sidecarContainers,
          deltaXds: runtime.deltaXdsEnabled === true,
          bootstrap: {
            adminPort: Number(runtime.envoyAdminPort),
            readinessPort: Number(runtime.envoyReadinessPort),
            envoyAdminUnixSocket: runtime.envoyAdminUnixSocket === true,
          },
          injector: structuredClone(injector),
          defaultNamespace: '',
          namespaces: {},
          meshes,
          zone: '',
          dataplane: { nodeLabelsToCopy: [], ignoredServiceSelectorLabels: [], workloadLabels: [], inboundTagsDisabled: false, kubeOutboundsAsVIPs: true },
          previews: 'off',
          previewsDir: '',
          transparentProxyConfigs: {},
          workloadKinds: [],
          uninject: false,
        },
      };
    });
    const out: ConformanceCase = {
      id,
      expect: file.expect as ConformanceCase['expect'],
      input: normalise(load(new URL(String(file.input), V214)) as KubeObject),
      namespace: { labels: (ns.labels ?? {}) as Record<string, string>, annotations: (ns.annotations ?? {}) as Record<string, string> },
      meshes,
      runs,
    };
    if (typeof file.expectedErrorMessage === 'string') out.expectedErrorMessage = file.expectedErrorMessage;
    return out;
  });
}

/** The harness ContainerPatch objects (kuma-system/container-patch-1). */
export function harnessContainerPatches(): KubeObject[] {
  const harness = load(new URL('harness.common.yaml', V214)) as Json;
  return ((harness.cluster as Json).containerPatches as KubeObject[]).map((p) => structuredClone(p));
}
