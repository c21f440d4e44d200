/**
 * Annotation and label keys the webhook reads or writes, and the names of what it injects.
 * One table so every file spells them the same way.
 */
export const KEY = {
  sidecarInjection: 'kuma.io/sidecar-injection',
  mesh: 'kuma.io/mesh',
  zoneProxyType: 'k8s.kuma.io/zone-proxy-type',
  ignore: 'kuma.io/ignore',
  defaultContainer: 'kubectl.kubernetes.io/default-container',
  containerPatches: 'kuma.io/container-patches',
  sidecarInjected: 'kuma.io/sidecar-injected',
  transparentProxying: 'kuma.io/transparent-proxying',
  sidecarUid: 'kuma.io/sidecar-uid',
  inboundPort: 'kuma.io/transparent-proxying-inbound-port',
  outboundPort: 'kuma.io/transparent-proxying-outbound-port',
  ipFamilyMode: 'kuma.io/transparent-proxying-ip-family-mode',
  cniNetworks: 'k8s.v1.cni.cncf.io/networks',
  ebpf: 'kuma.io/transparent-proxying-ebpf',
  ebpfBpffsPath: 'kuma.io/transparent-proxying-ebpf-bpf-fs-path',
  ebpfCgroupPath: 'kuma.io/transparent-proxying-ebpf-cgroup-path',
  ebpfTcAttachIface: 'kuma.io/transparent-proxying-ebpf-tc-attach-iface',
  ebpfInstanceIpEnvVarName: 'kuma.io/transparent-proxying-ebpf-instance-ip-env-var-name',
  ebpfProgramsSourcePath: 'kuma.io/transparent-proxying-ebpf-programs-source-path',
  builtinDns: 'kuma.io/builtin-dns',
  builtinDnsPort: 'kuma.io/builtin-dns-port',
  builtinDnsLogging: 'kuma.io/builtin-dns-logging',
  virtualProbes: 'kuma.io/virtual-probes',
  virtualProbesPort: 'kuma.io/virtual-probes-port',
  appProbeProxyPort: 'kuma.io/application-probe-proxy-port',
  gateway: 'kuma.io/gateway',
  envoyAdminPort: 'kuma.io/envoy-admin-port',
  excludeInboundPorts: 'traffic.kuma.io/exclude-inbound-ports',
  excludeOutboundPorts: 'traffic.kuma.io/exclude-outbound-ports',
  excludeInboundIps: 'traffic.kuma.io/exclude-inbound-ips',
  excludeOutboundIps: 'traffic.kuma.io/exclude-outbound-ips',
  excludeOutboundPortsForUids: 'traffic.kuma.io/exclude-outbound-ports-for-uids',
  dropInvalidPackets: 'traffic.kuma.io/drop-invalid-packets',
  iptablesLogs: 'traffic.kuma.io/iptables-logs',
  sidecarEnvVars: 'kuma.io/sidecar-env-vars',
  drainTime: 'kuma.io/sidecar-drain-time',
  concurrency: 'kuma.io/sidecar-proxy-concurrency',
  envoyLogLevel: 'kuma.io/envoy-log-level',
  envoyComponentLogLevel: 'kuma.io/envoy-component-log-level',
  xdsTransportProtocolVariant: 'kuma.io/xds-transport-protocol-variant',
  waitForDataplaneReady: 'kuma.io/wait-for-dataplane-ready',
  initFirst: 'kuma.io/init-first',
  tokenVolume: 'kuma.io/service-account-token-volume',
  spireSupport: 'k8s.kuma.io/spire-support',
  transparentProxyConfig: 'traffic.kuma.io/transparent-proxy-config',
  transparentProxyConfigMapName: 'traffic.kuma.io/transparent-proxy-configmap-name',
} as const;

/** Names of the containers and volumes the webhook adds. */
export const NAME = {
  sidecar: 'kuma-sidecar',
  init: 'kuma-init',
  validation: 'kuma-validation',
  initTmp: 'kuma-init-tmp',
  sidecarTmp: 'kuma-sidecar-tmp',
  spireSocket: 'kuma-spire-agent-socket',
  sysFsCgroup: 'sys-fs-cgroup',
  bpfFs: 'bpf-fs',
  tproxyBase: 'transparent-proxy-base',
  tproxyCustom: 'transparent-proxy-custom',
} as const;

/** Where the ConfigMap mode mounts the transparent-proxy config files. */
export const TPROXY_BASE_DIR = '/tmp/transparent-proxy/base';
export const TPROXY_CUSTOM_DIR = '/tmp/transparent-proxy/custom';

/** Where Kubernetes mounts a service-account token. */
export const TOKEN_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';

/** The field path of a pod annotation, as results name it. */
export function annotationPath(key: string): string {
  return `metadata.annotations["${key}"]`;
}

/** The field path of a pod label, as results name it. */
export function labelPath(key: string): string {
  return `metadata.labels["${key}"]`;
}
