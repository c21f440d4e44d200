/**
 * What differs between the webhook / control-plane releases the core reproduces, one flag per
 * behaviour. The core reads these flags and never a version string: a new release whose
 * behaviours already exist here is one record in src/config/releases.ts, not a code change.
 */

/** Sidecar-injector behaviours that differ between releases. */
export interface InjectorCapabilities {
  /**
   * The annotation-driven transparent proxy (`kuma.io/transparent-proxying-*` annotations, kumactl
   * flags on kuma-init) used when no transparent-proxy ConfigMap is configured. Off: the ConfigMap
   * (`traffic.kuma.io/transparent-proxy-config`) is the only path.
   */
  legacyTransparentProxy: boolean;
  /** `kuma.io/virtual-probes` / `-port`: annotations written and honoured, HTTP probes rewritten to the virtual-probes port. */
  virtualProbes: boolean;
  /** The eBPF transparent proxy (`kuma.io/transparent-proxying-ebpf*`, privileged kuma-init, bpf volumes). */
  ebpf: boolean;
  /** Envoy admin on a Unix socket moves kuma-sidecar's probes to the readiness port and excludes that port from inbound redirection. */
  readinessPortWithAdminSocket: boolean;
  /** A zero sidecar CPU limit means "no limit" (no `limits.cpu`, no `--concurrency`) instead of a literal 0. */
  zeroCpuLimitIsUnset: boolean;
  /** kuma-init / kuma-validation resources come from the injector config (else fixed 20m/20M, 100m/50M). */
  configurableInitResources: boolean;
  /** The OTel pipe knob: `HOST_IP`, or `KUMA_DATAPLANE_RUNTIME_OTEL_PIPE_ENABLED=false`. Off: neither variable. */
  otelPipe: boolean;
  /** The `mesh-zoneproxy` webhook registration in the system namespace and the mesh-existence exception for zone proxies. */
  zoneProxyInjection: boolean;
  /**
   * CoreDNS variables and `KUMA_DNS_ENABLE_LOGGING` in kuma-sidecar's env. Off: `KUMA_DNS_ENABLED` always, `KUMA_DNS_PROXY_PORT` when on.
   */
  coreDnsEnv: boolean;
  /**
   * `KUMA_DATAPLANE_RUNTIME_ENVOY_XDS_TRANSPORT_PROTOCOL_VARIANT` (delta xDS, `kuma.io/xds-transport-protocol-variant`) and the unified-
   * naming variable.
   */
  xdsTransportAndNamingEnv: boolean;
  /**
   * A pod with pod-level `spec.resources` gets a kuma-sidecar with empty `resources` (the pod-level
   * budget already bounds every container; stacking the sidecar's defaults would exceed it).
   */
  podLevelResourcesClearSidecar: boolean;
  /** With the application probe proxy off, the pod's own probe ports are excluded from inbound redirection. */
  probePortsExcludedWithoutProbeProxy: boolean;
  /** The deprecated `kuma.io/mesh` pod / namespace annotation selects the mesh (after the labels). */
  meshAnnotation: boolean;
  /** `prometheus.metrics.kuma.io/*` annotations are deprecated in favour of MeshMetric (the webhook warns). */
  prometheusAnnotationsDeprecated: boolean;
}

/** Pod → Dataplane converter behaviours that differ between releases. */
export interface ConverterCapabilities {
  /** Inbounds carry `protocol`. */
  inboundProtocol: boolean;
  /** Inbounds and delegated gateways carry tags (`kuma.io/service`, ...). Off: never, and allow-listed Node labels go to the labels. */
  inboundTags: boolean;
  /** `experimental.inboundTagsDisabled` exists. */
  inboundTagsSwitch: boolean;
  /**
   * Services labelled `k8s.kuma.io/zone-proxy-type` become zone-proxy listeners: never (they are
   * regular Services), only in a Mesh with `meshServices.mode: Exclusive`, or always.
   */
  zoneProxyListeners: 'never' | 'exclusive-mesh' | 'always';
  /**
   * Inbounds on one port: merged per port+state in an Exclusive mesh (first wins), per port in an
   * Exclusive mesh with tags disabled (first wins), or always per port keeping the best state.
   */
  inboundDedup: 'exclusive-by-state' | 'exclusive-tags-disabled' | 'always-best-state';
  /** The deprecated `kuma.io/mesh` pod / namespace annotation selects the mesh (after the labels). */
  meshAnnotation: boolean;
  /**
   * ZoneIngress / ZoneEgress objects from `kuma.io/ingress` / `kuma.io/egress`, and built-in gateway Dataplanes from `kuma.io/gateway:
   * builtin`.
   */
  legacyZoneProxiesAndBuiltinGateways: boolean;
  /**
   * `transparentProxying` read only on transparently proxied Pods, with redirect ports, IP family and
   * `reachableServices` from the legacy annotations. Off: `directAccessServices` and
   * `reachableBackends` whenever the Pod has them, nothing else.
   */
  legacyTransparentProxying: boolean;
  /** `spec.metrics` from prometheus annotations, `spec.probes` from virtual probes, outbounds without kubeOutboundsAsVIPs. */
  metricsProbesOutbounds: boolean;
  /** `kuma.io/proxy-type` label (`sidecar` / `gateway`). Off: the key is deleted. */
  proxyTypeLabel: boolean;
  /** `kuma.io/display-name` label = the Dataplane's name, set by the converter. */
  displayNameLabel: boolean;
  /** `kafka` is a known inbound protocol. */
  kafkaProtocol: boolean;
}

/** Policy admission behaviours that differ between releases. */
export interface PolicyCapabilities {
  /**
   * Kuma 2.14's policy admission (CRD schemas, role computation, the 16 validators, deprecation
   * warnings) is what this release's control plane runs. Off: 2.13's validators differ (messages,
   * SNI and spiffeID matches, name-or-labels rule) and are not reproduced, so policies are not
   * validated and the run says so.
   */
  admission2_14: boolean;
  /**
   * Inbound `rules[].matches` (spiffeID, sni) exist: each match is its own inbound rule, ordered by
   * specificity. Off (2.13): the field does not exist (the API server prunes it), so every rule
   * applies to every caller.
   */
  ruleMatches: boolean;
}

/** The release a profile reproduces, as the core sees it. */
export interface Release {
  /** The profile's name as users write it (`2.14`), for messages only: never compared. */
  name: string;
  injector: InjectorCapabilities;
  converter: ConverterCapabilities;
  policies: PolicyCapabilities;
}
