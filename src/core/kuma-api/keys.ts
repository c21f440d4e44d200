/**
 * Kuma's annotation and label keys (pkg/plugins/runtime/k8s/metadata), read or written by the
 * webhook twin, the converter twin and the analysis. One table so every file spells them the same
 * way, and one spelling of the field paths results name them by.
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
  directAccessServices: 'kuma.io/direct-access-services',
  reachableServices: 'kuma.io/transparent-proxying-reachable-services',
  reachableBackends: 'kuma.io/reachable-backends',
  ingress: 'kuma.io/ingress',
  egress: 'kuma.io/egress',
  workload: 'kuma.io/workload',
} as const;

/** The field path of an annotation, as every result names it: `metadata.annotations["<key>"]`. */
export function annotationPath(key: string): string {
  return `metadata.annotations["${key}"]`;
}

/** The field path of a label, as every result names it: `metadata.labels["<key>"]`. */
export function labelPath(key: string): string {
  return `metadata.labels["${key}"]`;
}
