import type { ConverterCapabilities, InjectorCapabilities, PolicyCapabilities } from '../core/release.ts';
import type { KumaChart } from '../core/cp-config/helm/chart.ts';
import { KUMA_CHART_2_13_10, KUMA_CHART_2_14_3 } from './helm-charts/charts.ts';
import type { CpConfigKey, CpConfigRelease } from '../core/cp-config/key-table.ts';
import { KUMA_CP_2_13_DELTA, KUMA_CP_KEYS_2_14 } from './kuma-cp-keys.ts';

/**
 * The releases kuma-inject reproduces: one record each. Everything that names a version (the
 * settings schema enum, flag help, the Argo CD parameter, the docs table, the conformance loops)
 * derives from this table. A release whose behaviours already exist as capabilities is one record
 * here plus its goldens folder under ../shared/conformance/.
 *
 * Sources (kumahq/kuma at the tag or commit named in each record): kuma-cp defaults
 * `pkg/config/app/kuma-cp/kuma-cp.defaults.yaml` and the Helm chart
 * `deployments/charts/kuma/{values.yaml,templates/_helpers.tpl}`, whose env vars override them.
 */

/** Where a profile comes from: a release tag, or a commit of the development line (a preview). */
type Provenance = { kind: 'release'; tag: string } | { kind: 'preview'; commit: string; date: string; line: string };

export interface VersionProfile {
  /** What users write (`version: 2.14`). */
  version: string;
  provenance: Provenance;
  /** Tag of the kuma-dp / kuma-init images the Helm chart of that release deploys. */
  imageTag: string;
  /** Defaults of a fresh Helm install that differ between releases. */
  defaults: {
    /** kuma-cp experimental.sidecarContainers (or, where it is gone, native sidecars on Kubernetes >= 1.29). */
    sidecarContainers: boolean;
    /** bootstrapServer.params.envoyAdminUnixSocket (Helm experimental.envoyAdminUnixSocket). */
    envoyAdminUnixSocket: boolean;
    /** Sidecar CPU limit: Helm sets "0" (none) from 2.14 on. */
    sidecarCpuLimit: string;
    /** kuma-init / kuma-validation CPU limit. */
    initCpuLimit: string;
    otelPipeEnabled: boolean;
    /** runtime.kubernetes.injector.transparentProxyConfigMap ('' = the annotation-driven path). */
    transparentProxyConfigMap: string;
    /** The `config.yaml` of that ConfigMap as the chart installs it, used when the bundle has none. */
    transparentProxyConfig?: Record<string, unknown>;
  };
  injector: InjectorCapabilities;
  converter: ConverterCapabilities;
  /** kuma-cp's config keys (paths, env vars, types, defaults) of the release: what an install is loaded with. */
  cpConfig: CpConfigRelease;
  policies: PolicyCapabilities;
  /** Folders under the shared conformance directory that prove the record. */
  conformance: { injector: string; dataplane?: string };
  /**
   * The Helm chart this release publishes, for `--helm-values` / `helmValues:` (absent: values
   * files cannot be rendered for this version). Kong Mesh's chart wraps this one (helm-charts/charts.ts).
   */
  helmChart?: { kuma: KumaChart };
}

const RELEASED_2_14_INJECTOR: InjectorCapabilities = {
  legacyTransparentProxy: true,
  virtualProbes: true,
  ebpf: true,
  readinessPortWithAdminSocket: true,
  zeroCpuLimitIsUnset: true,
  configurableInitResources: true,
  otelPipe: true,
  zoneProxyInjection: true,
  coreDnsEnv: true,
  xdsTransportAndNamingEnv: true,
  probePortsExcludedWithoutProbeProxy: false,
  podLevelResourcesClearSidecar: false,
  meshAnnotation: true,
  prometheusAnnotationsDeprecated: true,
};

const RELEASED_2_14_CONVERTER: ConverterCapabilities = {
  inboundProtocol: true,
  inboundTags: true,
  inboundTagsSwitch: true,
  zoneProxyListeners: 'exclusive-mesh',
  inboundDedup: 'exclusive-tags-disabled',
  meshAnnotation: true,
  legacyZoneProxiesAndBuiltinGateways: true,
  legacyTransparentProxying: true,
  metricsProbesOutbounds: true,
  proxyTypeLabel: true,
  displayNameLabel: false,
  kafkaProtocol: true,
};

/** The Helm chart's transparentProxy.configMap.config at commit 348b652 (values.yaml). */
const HELM_TPROXY_CONFIG_NEXT: Record<string, unknown> = {
  kumaDPUser: '5678',
  ipFamilyMode: 'dualstack',
  redirect: {
    dns: { enabled: true, captureAll: true, port: 15053, resolvConfigPath: '/etc/resolv.conf', skipConntrackZoneSplit: false },
    inbound: {
      enabled: true,
      port: 15006,
      excludePorts: [],
      excludePortsForIPs: [],
      excludePortsForUIDs: [],
      includePorts: [],
      insertRedirectInsteadOfAppend: false,
    },
    outbound: {
      enabled: true,
      port: 15001,
      excludePorts: [],
      excludePortsForIPs: [],
      excludePortsForUIDs: [],
      includePorts: [],
      insertRedirectInsteadOfAppend: false,
    },
    vnet: { networks: [] },
  },
  retry: { maxRetries: 4, sleepBetweenRetries: '2s' },
  iptablesExecutables: {
    iptables: '',
    'iptables-save': '',
    'iptables-restore': '',
    ip6tables: '',
    'ip6tables-save': '',
    'ip6tables-restore': '',
  },
  log: { enabled: false },
  comments: { disabled: false },
  wait: 5,
  waitInterval: 0,
  dropInvalidPackets: false,
  storeFirewalld: false,
  verbose: false,
};

/** kuma-cp 2.13.10's keys: 2.14.3's without the keys 2.14 added, with 2.13's own defaults. */
const KUMA_CP_KEYS_2_13: readonly CpConfigKey[] = KUMA_CP_KEYS_2_14.filter((key) => !KUMA_CP_2_13_DELTA.absent.includes(key.path)).map(
  (key) => (key.path in KUMA_CP_2_13_DELTA.defaults ? { ...key, default: KUMA_CP_2_13_DELTA.defaults[key.path] } : key),
);

/** Config paths the 2.13.10 chart sets by env in every install (templates/_helpers.tpl kuma.defaultEnv). */
const CHART_ENV_2_13: readonly string[] = [
  'environment',
  'store.type',
  'store.kubernetes.systemNamespace',
  'runtime.kubernetes.allowedUsers',
  'runtime.kubernetes.controlPlaneServiceName',
  'general.tlsCertFile',
  'general.tlsKeyFile',
  'runtime.kubernetes.admissionServer.certDir',
  'runtime.kubernetes.admissionServer.port',
  'runtime.kubernetes.injector.caCertFile',
  'mode',
  'runtime.kubernetes.injector.cniEnabled',
  'runtime.kubernetes.injector.sidecarContainer.image',
  'runtime.kubernetes.injector.initContainer.image',
  'defaults.skipMeshCreation',
  'dpServer.hds.enabled',
  'apiServer.readOnly',
  'apiServer.authn.localhostIsAdmin',
  'policies.pluginPoliciesEnabled',
];

/** The 2.14.3 chart adds the container resources, native sidecars and the admin socket to every install. */
const CHART_ENV_2_14: readonly string[] = [
  ...CHART_ENV_2_13,
  ...['sidecarContainer', 'initContainer', 'validationContainer'].flatMap((c) =>
    ['requests', 'limits'].flatMap((k) => ['cpu', 'memory'].map((r) => `runtime.kubernetes.injector.${c}.resources.${k}.${r}`)),
  ),
  'experimental.sidecarContainers',
  'bootstrapServer.params.envoyAdminUnixSocket',
  'monitoringAssignmentServer.enabled',
];

/** Newest first; the first record is the default. */
export const VERSION_PROFILES: readonly VersionProfile[] = [
  {
    version: '2.14',
    provenance: { kind: 'release', tag: 'v2.14.3' },
    imageTag: '2.14.3',
    defaults: {
      sidecarContainers: true,
      envoyAdminUnixSocket: true,
      sidecarCpuLimit: '0',
      initCpuLimit: '0',
      otelPipeEnabled: true,
      transparentProxyConfigMap: '',
    },
    injector: RELEASED_2_14_INJECTOR,
    converter: RELEASED_2_14_CONVERTER,
    cpConfig: { keys: KUMA_CP_KEYS_2_14, chartEnv: CHART_ENV_2_14 },
    // The policy goldens (kuma-2.14/policies) prove the 2.14 admission twin.
    policies: { admission2_14: true, ruleMatches: true },
    conformance: { injector: 'kuma-2.14/injector', dataplane: 'kuma-2.14/dataplane' },
    helmChart: { kuma: KUMA_CHART_2_14_3 },
  },
  {
    version: '2.13',
    provenance: { kind: 'release', tag: 'v2.13.10' },
    imageTag: '2.13.10',
    defaults: {
      sidecarContainers: false,
      envoyAdminUnixSocket: false,
      sidecarCpuLimit: '1000m',
      initCpuLimit: '100m',
      otelPipeEnabled: false,
      transparentProxyConfigMap: '',
    },
    injector: {
      ...RELEASED_2_14_INJECTOR,
      readinessPortWithAdminSocket: false,
      zeroCpuLimitIsUnset: false,
      configurableInitResources: false,
      otelPipe: false,
      zoneProxyInjection: false,
      prometheusAnnotationsDeprecated: false,
    },
    converter: {
      ...RELEASED_2_14_CONVERTER,
      inboundProtocol: false,
      inboundTagsSwitch: false,
      zoneProxyListeners: 'never',
      inboundDedup: 'exclusive-by-state',
    },
    cpConfig: { keys: KUMA_CP_KEYS_2_13, chartEnv: CHART_ENV_2_13 },
    // 2.13's policy validators differ from 2.14's (v2.13.9..v2.14.3): not reproduced.
    policies: { admission2_14: false, ruleMatches: false },
    conformance: { injector: 'kuma-2.13/injector' },
    helmChart: { kuma: KUMA_CHART_2_13_10 },
  },
  {
    version: '3.0-dev',
    provenance: {
      kind: 'preview',
      commit: '348b6528bc234b3c4bd7f22ad7c5bf950d6149fc',
      date: '2026-08-21',
      line: 'Kuma master (module v3)',
    },
    // The release pipeline tags master builds 0.0.0-preview.v<9-character commit> (tools/releases/version.sh).
    imageTag: '0.0.0-preview.v348b6528b',
    defaults: {
      sidecarContainers: true,
      envoyAdminUnixSocket: true,
      sidecarCpuLimit: '0',
      initCpuLimit: '0',
      otelPipeEnabled: true,
      transparentProxyConfigMap: 'kuma-transparent-proxy-config',
      transparentProxyConfig: HELM_TPROXY_CONFIG_NEXT,
    },
    injector: {
      ...RELEASED_2_14_INJECTOR,
      legacyTransparentProxy: false,
      virtualProbes: false,
      ebpf: false,
      coreDnsEnv: false,
      xdsTransportAndNamingEnv: false,
      probePortsExcludedWithoutProbeProxy: true,
      podLevelResourcesClearSidecar: true,
      meshAnnotation: false,
      prometheusAnnotationsDeprecated: false,
    },
    converter: {
      inboundProtocol: true,
      inboundTags: false,
      inboundTagsSwitch: false,
      zoneProxyListeners: 'always',
      inboundDedup: 'always-best-state',
      meshAnnotation: false,
      legacyZoneProxiesAndBuiltinGateways: false,
      legacyTransparentProxying: false,
      metricsProbesOutbounds: false,
      proxyTypeLabel: false,
      displayNameLabel: true,
      kafkaProtocol: false,
    },
    // No key table was transcribed for the development line: its install is read with 2.14.3's keys.
    cpConfig: { keys: KUMA_CP_KEYS_2_14, chartEnv: CHART_ENV_2_14 },
    // No policy goldens for the development line: 2.14's rules are not assumed.
    policies: { admission2_14: false, ruleMatches: true },
    conformance: { injector: 'kuma-next/injector', dataplane: 'kuma-next/dataplane' },
  },
];

/** A version users may select (`2.14`, `2.13`, `3.0-dev`). */
export type Version = string;

export const VERSIONS: readonly string[] = VERSION_PROFILES.map((p) => p.version);
export const DEFAULT_VERSION: string = VERSION_PROFILES[0]!.version;
export const PREVIEW_VERSIONS: readonly string[] = VERSION_PROFILES.filter((p) => p.provenance.kind === 'preview').map((p) => p.version);

/** The record of `version`; throws for a version not in the table (the schema rejects those first). */
export function versionProfile(version: string): VersionProfile {
  const found = VERSION_PROFILES.find((p) => p.version === version);
  if (found === undefined) throw new Error(`no version profile ${JSON.stringify(version)}; known: ${VERSIONS.join(', ')}`);
  return found;
}

/**
 * The warning every run with a preview profile carries: which commit it reproduces, and that no
 * release behaves like it yet.
 */
export function previewWarning(profile: VersionProfile): string | undefined {
  const p = profile.provenance;
  if (p.kind !== 'preview') return undefined;
  return (
    `version ${profile.version} is a preview of ${p.line} at commit ${p.commit.slice(0, 7)} (${p.date}), not a release: ` +
    'use it to see the diff your manifests will get on upgrade, never to render what you deploy today. ' +
    `Select a released version (${VERSION_PROFILES.filter((x) => x.provenance.kind === 'release')
      .map((x) => x.version)
      .join(', ')}) for that`
  );
}
