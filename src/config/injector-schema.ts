/**
 * JSON Schema (draft-07) of the user-facing `injector:` section of the functionConfig: kuma-cp's
 * `runtime.kubernetes.injector` keys, so a control-plane config can be pasted as is. Every key is
 * optional (missing ones come from the version profile); unknown keys are rejected at every level.
 */

const port = { type: 'integer', minimum: 0, maximum: 65535 } as const;
/** kuma-cp reads probe timings as int32. */
const nonNegative = { type: 'integer', minimum: 0, maximum: 2147483647 } as const;
/**
 * A user or group ID: kuma-cp reads int64, but the API server accepts runAsUser / runAsGroup only
 * from 0 to 2147483647 (IsValidUserID / IsValidGroupID), so a larger one injects a pod that is
 * never admitted.
 */
const linuxId = { type: 'integer', minimum: 0, maximum: 2147483647 } as const;

/** A Kubernetes quantity (`500m`, `1`, `64Mi`); YAML may give a bare number. */
const quantity = {
  anyOf: [
    { type: 'string', pattern: '^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+|[numkMGTPE]|[KMGTPE]i)?$' },
    // Above 2^53 a YAML number is no longer the value written.
    { type: 'number', minimum: 0, maximum: 9007199254740991 },
  ],
} as const;

const resourceValues = (what: string) =>
  ({
    type: 'object',
    additionalProperties: false,
    description: `${what}.`,
    properties: {
      cpu: { ...quantity, description: 'CPU quantity, e.g. 50m; "0" means none (limits only).' },
      memory: { ...quantity, description: 'Memory quantity, e.g. 64Mi.' },
    },
  }) as const;

const resources = (what: string) =>
  ({
    type: 'object',
    additionalProperties: false,
    description: `Resource requests and limits of ${what}.`,
    properties: { requests: resourceValues('Requests'), limits: resourceValues('Limits') },
  }) as const;

const probeTimings = (what: string) =>
  ({
    type: 'object',
    additionalProperties: false,
    description: `Timings of the kuma-sidecar ${what} probe (0 leaves a field to Kubernetes' default).`,
    properties: {
      initialDelaySeconds: { ...nonNegative, description: 'Seconds before the first probe.' },
      timeoutSeconds: { ...nonNegative, description: 'Seconds before a probe times out.' },
      periodSeconds: { ...nonNegative, description: 'Seconds between probes.' },
      successThreshold: { ...nonNegative, description: 'Successes needed after a failure (readiness only; others use 1).' },
      failureThreshold: { ...nonNegative, description: 'Failures before the probe gives up.' },
    },
  }) as const;

const stringMap = (description: string) => ({ type: 'object', additionalProperties: { type: 'string' }, description }) as const;

export const injectorSchema = {
  type: 'object',
  additionalProperties: false,
  description: "kuma-cp's runtime.kubernetes.injector settings, same keys as the control plane's config.",
  properties: {
    sidecarContainer: {
      type: 'object',
      additionalProperties: false,
      description: 'The injected kuma-sidecar container.',
      properties: {
        image: { type: 'string', minLength: 1, description: 'kuma-dp image.' },
        uid: { ...linuxId, description: 'User ID kuma-sidecar runs as; its traffic bypasses the transparent proxy.' },
        gid: { ...linuxId, description: 'Group ID kuma-sidecar runs as.' },
        drainTime: {
          type: 'string',
          pattern: '^([0-9]*(\\.[0-9]*)?(ns|us|µs|μs|ms|s|m|h))+$',
          description: 'Go duration kuma-dp drains connections for on shutdown (KUMA_DATAPLANE_DRAIN_TIME), e.g. 30s.',
        },
        redirectPortInbound: { ...port, description: 'Port inbound traffic is redirected to.' },
        redirectPortOutbound: { ...port, description: 'Port outbound traffic is redirected to.' },
        ipFamilyMode: { enum: ['', 'dualstack', 'ipv4'], description: 'IP families the transparent proxy redirects.' },
        readinessProbe: probeTimings('readiness'),
        livenessProbe: probeTimings('liveness'),
        startupProbe: probeTimings('startup (native sidecars only)'),
        resources: resources('kuma-sidecar'),
        envVars: stringMap('Extra environment variables of kuma-sidecar (pod annotation kuma.io/sidecar-env-vars wins).'),
        waitForDataplaneReady: { type: 'boolean', description: 'Hold app containers until kuma-dp is ready (classic layout).' },
      },
    },
    initContainer: {
      type: 'object',
      additionalProperties: false,
      description: 'The kuma-init container (also the image of kuma-validation).',
      properties: {
        image: { type: 'string', minLength: 1, description: 'kuma-init image.' },
        resources: resources('kuma-init (2.14+; fixed in 2.13)'),
      },
    },
    validationContainer: {
      type: 'object',
      additionalProperties: false,
      description: 'The kuma-validation container used with CNI.',
      properties: { resources: resources('kuma-validation (2.14+; fixed in 2.13)') },
    },
    containerPatches: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      description: 'ContainerPatch names applied to every injected pod, before the pod annotation kuma.io/container-patches.',
    },
    cniEnabled: { type: 'boolean', description: 'The Kuma CNI plugin sets up redirection (kuma-validation instead of kuma-init).' },
    virtualProbesEnabled: { type: 'boolean', description: 'Deprecated: virtual probes by default.' },
    virtualProbesPort: { ...port, description: 'Deprecated: port of virtual probes.' },
    applicationProbeProxyPort: { ...port, description: 'Port of the application probe proxy; 0 turns it off.' },
    sidecarTraffic: {
      type: 'object',
      additionalProperties: false,
      description: 'Traffic the transparent proxy leaves alone, for every pod.',
      properties: {
        excludeInboundPorts: { type: 'array', items: { ...port, minimum: 1 }, description: 'Inbound ports not redirected.' },
        excludeOutboundPorts: { type: 'array', items: { ...port, minimum: 1 }, description: 'Outbound ports not redirected.' },
        excludeInboundIPs: {
          type: 'array',
          items: { type: 'string', minLength: 1 },
          description: 'Inbound source IPs/CIDRs not redirected.',
        },
        excludeOutboundIPs: {
          type: 'array',
          items: { type: 'string', minLength: 1 },
          description: 'Outbound destination IPs/CIDRs not redirected.',
        },
      },
    },
    exceptions: {
      type: 'object',
      additionalProperties: false,
      description: 'Pods never injected.',
      properties: { labels: stringMap('Pod labels that exempt a pod from injection; value "*" matches any value.') },
    },
    builtinDNS: {
      type: 'object',
      additionalProperties: false,
      description: 'The DNS proxy of kuma-dp.',
      properties: {
        enabled: { type: 'boolean', description: 'Redirect DNS to kuma-dp.' },
        port: { ...port, description: 'Port of the DNS proxy.' },
        logging: { type: 'boolean', description: 'Log DNS queries.' },
        experimentalProxy: { type: 'boolean', description: 'Use the built-in DNS proxy instead of CoreDNS.' },
      },
    },
    ebpf: {
      type: 'object',
      additionalProperties: false,
      description: 'Experimental eBPF redirection instead of iptables.',
      properties: {
        enabled: { type: 'boolean', description: 'Use eBPF.' },
        instanceIPEnvVarName: { type: 'string', description: 'Env var of kuma-init holding the pod IP.' },
        bpffsPath: { type: 'string', description: 'Host path of the BPF file system.' },
        cgroupPath: { type: 'string', description: 'Host path of the cgroup2 file system.' },
        tcAttachIface: { type: 'string', description: 'Interface the TC programs attach to ("" = auto).' },
        programsSourcePath: { type: 'string', description: 'Where kuma-init finds the eBPF programs.' },
      },
    },
    transparentProxyConfigMap: {
      type: 'string',
      description: 'Name of the transparent-proxy ConfigMap (opt-in ConfigMap mode); "" keeps the annotation mode.',
    },
    unifiedResourceNamingEnabled: { type: 'boolean', description: 'Tell kuma-dp to use unified resource naming.' },
    otelPipeEnabled: { type: 'boolean', description: 'OpenTelemetry pipe of kuma-dp (2.14+): HOST_IP instead of the opt-out env var.' },
    spire: {
      type: 'object',
      additionalProperties: false,
      description: 'SPIRE workload identity.',
      properties: {
        enabled: { type: 'boolean', description: 'Mount the SPIRE agent socket into every sidecar.' },
        mountPath: { type: 'string', minLength: 1, description: 'Where the SPIRE socket is mounted.' },
      },
    },
  },
} as const;
