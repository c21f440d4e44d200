import type { InjectorConfig } from '../core/inject/injector-config.ts';
import type { Product, Settings } from '../core/settings.ts';
import { versionProfile, type VersionProfile } from './releases.ts';

/**
 * The settings a real install of each product and version starts from, built from the version's
 * record in releases.ts (what differs between releases lives there only).
 *
 * Kong Mesh ships the same chart as a dependency of the same version with
 * `nameOverride: kong-mesh` and `global.image.registry: docker.io/kong` (Kong/kong-mesh-charts
 * index: chart kong-mesh x.y.z depends on kuma x.y.z), installed into `kong-mesh-system`; hence
 * the service `kong-mesh-control-plane` and the `docker.io/kong/kuma-{dp,init}` images.
 */

interface ProductDefaults {
  registry: string;
  systemNamespace: string;
  serviceName: string;
}

const PRODUCTS: Readonly<Record<Product, ProductDefaults>> = {
  kuma: { registry: 'docker.io/kumahq', systemNamespace: 'kuma-system', serviceName: 'kuma-control-plane' },
  'kong-mesh': { registry: 'docker.io/kong', systemNamespace: 'kong-mesh-system', serviceName: 'kong-mesh-control-plane' },
};

const probe = (initialDelaySeconds: number, successThreshold: number) => ({
  initialDelaySeconds,
  timeoutSeconds: 3,
  periodSeconds: 5,
  successThreshold,
  failureThreshold: 12,
});

/** kuma-cp + Helm injector defaults of one release. */
function injectorDefaults(product: Product, profile: VersionProfile): InjectorConfig {
  const { registry } = PRODUCTS[product];
  const tag = profile.imageTag;
  const { defaults } = profile;
  // Without configurable init/validation resources these are the release's hard-coded values.
  const helperResources = {
    requests: { cpu: '20m', memory: '20M' },
    limits: { cpu: defaults.initCpuLimit, memory: '50M' },
  };
  return {
    sidecarContainer: {
      image: `${registry}/kuma-dp:${tag}`,
      uid: 5678,
      gid: 5678,
      drainTime: '30s',
      redirectPortInbound: 15006,
      redirectPortOutbound: 15001,
      ipFamilyMode: 'dualstack',
      readinessProbe: probe(1, 1),
      livenessProbe: probe(60, 0),
      startupProbe: probe(1, 0),
      resources: {
        requests: { cpu: '50m', memory: '64Mi' },
        // Helm sets the CPU limit to "0" (none) from 2.14 on; 2.13 keeps kuma-cp's 1000m.
        limits: { cpu: defaults.sidecarCpuLimit, memory: '512Mi' },
      },
      envVars: {},
      waitForDataplaneReady: false,
    },
    initContainer: { image: `${registry}/kuma-init:${tag}`, resources: structuredClone(helperResources) },
    validationContainer: { resources: structuredClone(helperResources) },
    containerPatches: [],
    cniEnabled: false,
    virtualProbesEnabled: false,
    virtualProbesPort: 9000,
    applicationProbeProxyPort: 9001,
    sidecarTraffic: { excludeInboundPorts: [], excludeOutboundPorts: [], excludeInboundIPs: [], excludeOutboundIPs: [] },
    exceptions: { labels: { 'openshift.io/build.name': '*', 'openshift.io/deployer-pod-for.name': '*' } },
    builtinDNS: { enabled: true, port: 15053, logging: false, experimentalProxy: true },
    ebpf: {
      enabled: false,
      instanceIPEnvVarName: 'INSTANCE_IP',
      bpffsPath: '/sys/fs/bpf',
      cgroupPath: '/sys/fs/cgroup',
      tcAttachIface: '',
      programsSourcePath: '/tmp/kuma-ebpf',
    },
    transparentProxyConfigMap: defaults.transparentProxyConfigMap,
    unifiedResourceNamingEnabled: false,
    // Releases without the OTel pipe ignore the key.
    otelPipeEnabled: defaults.otelPipeEnabled,
    spire: { enabled: false, mountPath: '/run/spire/sockets' },
  };
}

/**
 * The settings a fresh install of `product` at `version` has, before the bundle and the user say
 * anything (e.g. native sidecars, admin-on-UDS and no sidecar CPU limit in 2.14; classic layout
 * and a 1000m CPU limit in 2.13). The CA certificate is unknown until the bundle provides it.
 */
export function defaultSettings(product: Product, version: string): Settings {
  const p = PRODUCTS[product];
  const profile = versionProfile(version);
  const { defaults } = profile;
  const tproxyConfigs: Record<string, unknown> = {};
  if (defaults.transparentProxyConfig !== undefined)
    tproxyConfigs[defaults.transparentProxyConfigMap] = structuredClone(defaults.transparentProxyConfig);
  return {
    product,
    release: {
      name: profile.version,
      injector: { ...profile.injector },
      converter: { ...profile.converter },
      policies: { ...profile.policies },
    },
    systemNamespace: p.systemNamespace,
    controlPlane: { address: `https://${p.serviceName}.${p.systemNamespace}:5678`, caCert: '' },
    sidecarContainers: defaults.sidecarContainers,
    deltaXds: false,
    bootstrap: { adminPort: 9901, readinessPort: 9902, envoyAdminUnixSocket: defaults.envoyAdminUnixSocket },
    injector: injectorDefaults(product, profile),
    defaultNamespace: '',
    namespaces: {},
    // The control plane creates the `default` Mesh unless told not to.
    meshes: ['default'],
    // kuma-cp's multizone.zone.name defaults to "default", standalone included.
    zone: 'default',
    dataplane: {
      nodeLabelsToCopy: ['topology.kubernetes.io/zone', 'topology.kubernetes.io/region', 'kubernetes.io/hostname'],
      ignoredServiceSelectorLabels: [],
      workloadLabels: [],
      inboundTagsDisabled: false,
      kubeOutboundsAsVIPs: true,
    },
    previews: 'local-config',
    previewsDir: 'kuma-previews',
    transparentProxyConfigs: tproxyConfigs,
    workloadKinds: [],
    uninject: false,
    failOn: 'error',
    ignore: [],
    clusterState: [],
    helmValues: [],
  };
}
