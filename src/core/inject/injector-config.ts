/**
 * kuma-cp's `runtime.kubernetes.injector` section, fully resolved (every field present), with the
 * same key names as kuma-cp's YAML so users can copy their control-plane config verbatim.
 * Defaults per version live in src/config/profiles.ts.
 */

export interface ProbeTimings {
  initialDelaySeconds: number;
  timeoutSeconds: number;
  periodSeconds: number;
  successThreshold: number;
  failureThreshold: number;
}

interface ResourceValues {
  cpu: string;
  memory: string;
}

export interface ContainerResources {
  requests: ResourceValues;
  limits: ResourceValues;
}

export interface InjectorConfig {
  sidecarContainer: {
    image: string;
    uid: number;
    gid: number;
    drainTime: string;
    redirectPortInbound: number;
    redirectPortOutbound: number;
    ipFamilyMode: string;
    readinessProbe: ProbeTimings;
    livenessProbe: ProbeTimings;
    startupProbe: ProbeTimings;
    resources: ContainerResources;
    envVars: Record<string, string>;
    waitForDataplaneReady: boolean;
  };
  initContainer: { image: string; resources: ContainerResources };
  validationContainer: { resources: ContainerResources };
  containerPatches: string[];
  cniEnabled: boolean;
  virtualProbesEnabled: boolean;
  virtualProbesPort: number;
  applicationProbeProxyPort: number;
  sidecarTraffic: {
    excludeInboundPorts: number[];
    excludeOutboundPorts: number[];
    excludeInboundIPs: string[];
    excludeOutboundIPs: string[];
  };
  exceptions: { labels: Record<string, string> };
  builtinDNS: { enabled: boolean; port: number; logging: boolean; experimentalProxy: boolean };
  ebpf: {
    enabled: boolean;
    instanceIPEnvVarName: string;
    bpffsPath: string;
    cgroupPath: string;
    tcAttachIface: string;
    programsSourcePath: string;
  };
  transparentProxyConfigMap: string;
  unifiedResourceNamingEnabled: boolean;
  otelPipeEnabled: boolean;
  spire: { enabled: boolean; mountPath: string };
}
