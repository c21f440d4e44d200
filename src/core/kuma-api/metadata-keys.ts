import { nearestName } from '../nearest-name.ts';

/**
 * Every label and annotation key Kuma reads on Pods and Namespaces: the constants of
 * pkg/plugins/runtime/k8s/metadata (annotations.go, labels.go) at v2.13.10, v2.14.3 and the
 * development line's 348b652, deprecated spellings included (KI0302 speaks of those). A key of
 * one release is known for all: a near miss is what this list is for, not which release reads it.
 */
const KEYS: readonly string[] = [
  'k8s.kuma.io/is-headless-service',
  'k8s.kuma.io/service-account',
  'k8s.kuma.io/service-name',
  'k8s.kuma.io/spire-support',
  'k8s.kuma.io/zone-proxy-type',
  'kuma.io/application-probe-proxy-port',
  'kuma.io/builtin-dns',
  'kuma.io/builtin-dns-logging',
  'kuma.io/builtin-dns-port',
  'kuma.io/builtindns',
  'kuma.io/builtindnsport',
  'kuma.io/container-patches',
  'kuma.io/direct-access-services',
  'kuma.io/egress',
  'kuma.io/envoy-admin-port',
  'kuma.io/envoy-component-log-level',
  'kuma.io/envoy-log-level',
  'kuma.io/gateway',
  'kuma.io/ignore',
  'kuma.io/ingress',
  'kuma.io/ingress-public-address',
  'kuma.io/ingress-public-port',
  'kuma.io/init-first',
  'kuma.io/mesh',
  'kuma.io/reachable-backends',
  'kuma.io/service-account-token-volume',
  'kuma.io/sidecar-drain-time',
  'kuma.io/sidecar-env-vars',
  'kuma.io/sidecar-injected',
  'kuma.io/sidecar-injection',
  'kuma.io/sidecar-proxy-concurrency',
  'kuma.io/sidecar-uid',
  'kuma.io/tags',
  'kuma.io/transparent-proxying',
  'kuma.io/transparent-proxying-ebpf',
  'kuma.io/transparent-proxying-ebpf-bpf-fs-path',
  'kuma.io/transparent-proxying-ebpf-cgroup-path',
  'kuma.io/transparent-proxying-ebpf-instance-ip-env-var-name',
  'kuma.io/transparent-proxying-ebpf-programs-source-path',
  'kuma.io/transparent-proxying-ebpf-tc-attach-iface',
  'kuma.io/transparent-proxying-inbound-port',
  'kuma.io/transparent-proxying-ip-family-mode',
  'kuma.io/transparent-proxying-outbound-port',
  'kuma.io/transparent-proxying-reachable-services',
  'kuma.io/virtual-probes',
  'kuma.io/virtual-probes-port',
  'kuma.io/wait-for-dataplane-ready',
  'kuma.io/workload',
  'kuma.io/xds-transport-protocol-variant',
  'prometheus.metrics.kuma.io/path',
  'prometheus.metrics.kuma.io/port',
  'traffic.kuma.io/drop-invalid-packets',
  'traffic.kuma.io/exclude-inbound-ips',
  'traffic.kuma.io/exclude-inbound-ports',
  'traffic.kuma.io/exclude-outbound-ips',
  'traffic.kuma.io/exclude-outbound-ports',
  'traffic.kuma.io/exclude-outbound-ports-for-uids',
  'traffic.kuma.io/iptables-logs',
  'traffic.kuma.io/transparent-proxy-config',
  'traffic.kuma.io/transparent-proxy-configmap-name',
];

const KNOWN = new Set(KEYS);

/** metadata.KumaMetricsPrometheusAggregatePattern, plus the address key the same family has. */
const AGGREGATE = /^prometheus\.metrics\.kuma\.io\/aggregate-[a-zA-Z0-9-]+-(port|path|enabled|address)$/;

/** Our own keys: "kuma" is in their name, and they are no typo of Kuma's. */
const OWN_DOMAIN = 'kuma-inject.dev/';

/** Whether Kuma reads `key` on a Pod (or Namespace): one of its own keys, or an aggregate metrics key. */
export function isKumaPodKey(key: string): boolean {
  return KNOWN.has(key) || AGGREGATE.test(key);
}

/**
 * The Kuma key `key` is one or two edits away from, when `key` itself is not one Kuma reads:
 * `kuma.io/sidecar-injecton`, `kuma.io/Mesh`, `trafic.kuma.io/exclude-inbound-ports`. Kuma
 * ignores such a key without a word. Keys without "kuma" in them, and keys further away, are
 * other tools' and left alone.
 */
export function misspeltKumaKey(key: string): string | undefined {
  if (isKumaPodKey(key) || key.startsWith(OWN_DOMAIN) || !key.toLowerCase().includes('kuma')) return undefined;
  // Two edits: a long key is not a typo of another just because a third of it differs.
  return nearestName(key, KEYS, 2);
}
