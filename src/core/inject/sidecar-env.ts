import type { Settings } from '../settings.ts';
import { getDuration, getEnabled, getMap, getString, type StringMap } from './annotation-values.ts';
import { formatGoDuration, parseGoDuration } from '../kuma-api/go-duration.ts';
import { KEY } from './keys.ts';
import type { EnvVar } from './pod-shape.ts';
import { applicationProbeProxyPort, virtualProbesEnabled } from './probe-rules.ts';
import { wrapped, WebhookError } from './webhook-error.ts';

/** Environment of `kuma-sidecar` (spec §6.1), sorted by name in byte order. */

const TOKEN_PATH = '/var/run/secrets/kubernetes.io/serviceaccount/token';

function fieldRef(name: string, fieldPath: string): EnvVar {
  return { name, valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath } } };
}

/** A plain env entry; an empty value is written as the name alone, as Kubernetes JSON omits it. */
function plain(name: string, value: string): EnvVar {
  return value === '' ? { name } : { name, value };
}

/** The configured drain time (kuma-cp refuses a config that does not parse). */
function configDrainTime(settings: Settings): bigint {
  const text = settings.injector.sidecarContainer.drainTime;
  const parsed = parseGoDuration(String(text));
  if (!parsed.ok) {
    throw new WebhookError(`invalid injector config sidecarContainer.drainTime: ${parsed.error}`, {
      field: 'injector.sidecarContainer.drainTime',
      got: text,
      hint: 'expected a Go duration such as 30s. Fix the settings',
    });
  }
  return parsed.nanos;
}

/** Whether SPIRE support is on for the pod: annotation if present, else config. */
export function spireEnabled(pod: StringMap, settings: Settings): boolean {
  return (
    wrapped(`getting ${KEY.spireSupport} annotation failed`, () => getEnabled(pod, KEY.spireSupport)) ?? settings.injector.spire.enabled
  );
}

/** Builds the sidecar env. Throws WebhookError in the webhook's order of checks. */
export function sidecarEnv(pod: StringMap, settings: Settings, mesh: string): EnvVar[] {
  const { injector } = settings;
  const drain = getDuration(pod, KEY.drainTime) ?? configDrainTime(settings);
  const env = new Map<string, EnvVar>();
  const put = (entry: EnvVar): void => {
    env.set(entry.name, entry);
  };
  put(fieldRef('POD_NAME', 'metadata.name'));
  put(fieldRef('POD_NAMESPACE', 'metadata.namespace'));
  put(fieldRef('INSTANCE_IP', 'status.podIP'));
  put(plain('KUMA_CONTROL_PLANE_URL', settings.controlPlane.address));
  put(plain('KUMA_DATAPLANE_MESH', mesh));
  put(plain('KUMA_DATAPLANE_DRAIN_TIME', formatGoDuration(drain)));
  put(plain('KUMA_DATAPLANE_RUNTIME_TOKEN_PATH', TOKEN_PATH));
  put(plain('KUMA_CONTROL_PLANE_CA_CERT', settings.controlPlane.caCert));
  const caps = settings.release.injector;
  if (caps.xdsTransportAndNamingEnv) {
    const variant = 'KUMA_DATAPLANE_RUNTIME_ENVOY_XDS_TRANSPORT_PROTOCOL_VARIANT';
    if (settings.deltaXds) put(plain(variant, 'DELTA_GRPC'));
    const podVariant = getString(pod, KEY.xdsTransportProtocolVariant);
    if (podVariant !== undefined) put(plain(variant, podVariant));
  }
  const dns = injector.builtinDNS;
  if (!caps.coreDnsEnv) {
    put(plain('KUMA_DNS_ENABLED', String(dns.enabled)));
    if (dns.enabled) put(plain('KUMA_DNS_PROXY_PORT', String(dns.port)));
  } else if (dns.enabled) {
    put(plain('KUMA_DNS_ENABLED', 'true'));
    put(plain('KUMA_DNS_ENABLE_LOGGING', String(dns.logging)));
    if (dns.experimentalProxy) {
      put(plain('KUMA_DNS_PROXY_PORT', String(dns.port)));
    } else {
      put(plain('KUMA_DNS_CORE_DNS_PORT', String(dns.port)));
      put(plain('KUMA_DNS_ENVOY_DNS_PORT', String(dns.port + 2)));
      put(plain('KUMA_DNS_CORE_DNS_BINARY_PATH', 'coredns'));
    }
  } else {
    put(plain('KUMA_DNS_ENABLED', 'false'));
  }
  const logLevel = getString(pod, KEY.envoyLogLevel);
  if (logLevel !== undefined) put(plain('KUMA_DATAPLANE_RUNTIME_ENVOY_LOG_LEVEL', logLevel));
  const componentLogLevel = getString(pod, KEY.envoyComponentLogLevel);
  if (componentLogLevel !== undefined) put(plain('KUMA_DATAPLANE_RUNTIME_ENVOY_COMPONENT_LOG_LEVEL', componentLogLevel));
  if (caps.xdsTransportAndNamingEnv && injector.unifiedResourceNamingEnabled)
    put(plain('KUMA_DATAPLANE_RUNTIME_UNIFIED_RESOURCE_NAMING_ENABLED', 'true'));
  // Releases without the OTel pipe knob write neither variable.
  if (settings.release.injector.otelPipe) {
    if (injector.otelPipeEnabled) put(fieldRef('HOST_IP', 'status.hostIP'));
    else put(plain('KUMA_DATAPLANE_RUNTIME_OTEL_PIPE_ENABLED', 'false'));
  }
  if (spireEnabled(pod, settings)) put(plain('KUMA_DATAPLANE_RUNTIME_SPIRE_SUPPORTED', 'true'));
  // Evaluated for its error only (virtual probes cannot be enabled on a gateway).
  if (caps.virtualProbes) virtualProbesEnabled(pod, injector.virtualProbesEnabled);
  const probePort = applicationProbeProxyPort(pod, injector.applicationProbeProxyPort);
  put(plain('KUMA_APPLICATION_PROBE_PROXY_PORT', String(probePort)));
  for (const [name, value] of Object.entries(injector.sidecarContainer.envVars)) put(plain(name, value));
  for (const [name, value] of getMap(pod, KEY.sidecarEnvVars) ?? new Map<string, string>()) put(plain(name, value));
  return [...env.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
