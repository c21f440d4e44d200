import { KEY } from '../kuma-api/keys.ts';
import type { JsonObject, JsonValue } from '../types.ts';
import { readEnabled, readList, readUint32 } from './annotation-values.ts';
import { ConversionError } from './conversion-error.ts';
import type { YamlReader } from '../go-yaml/yaml-node.ts';
import { reachableBackendsFor } from './reachable-backends.ts';

/** Pod annotations the transparent-proxy section is read from. */
export const TP_ANNOTATION = {
  config: KEY.transparentProxyConfig,
  enabled: KEY.transparentProxying,
  directAccess: KEY.directAccessServices,
  reachableServices: KEY.reachableServices,
  reachableBackends: KEY.reachableBackends,
  inboundPort: KEY.inboundPort,
  outboundPort: KEY.outboundPort,
  ipFamilyMode: KEY.ipFamilyMode,
} as const;

const IP_FAMILY_MODES: Readonly<Record<string, string>> = { dualstack: 'DualStack', ipv4: 'IPv4' };

/**
 * `spec.networking.transparentProxying` from the Pod annotations, or undefined when no field would
 * be set. Lists and backends are read only when the Pod is transparently proxied; redirect ports and
 * the IP family only on the legacy (annotation-driven) path. `readYaml` parses the YAML of
 * `kuma.io/reachable-backends` (the core has no YAML library; the host passes one in).
 */
export function transparentProxyingFor(annotations: Record<string, string>, readYaml?: YamlReader, legacy = true): JsonObject | undefined {
  const configured = (annotations[TP_ANNOTATION.config] ?? '') !== '';
  const enabled = legacy && readEnabled(annotations, TP_ANNOTATION.enabled) === true;
  const tp: { [key: string]: JsonValue } = {};
  // Releases without the legacy path read these whenever present.
  if (configured || enabled || !legacy) {
    const direct = readList(annotations, TP_ANNOTATION.directAccess);
    if (direct !== undefined && direct.length > 0) tp['directAccessServices'] = direct;
    const reachable = legacy ? readList(annotations, TP_ANNOTATION.reachableServices) : undefined;
    if (reachable !== undefined && reachable.length > 0) tp['reachableServices'] = reachable;
    const backends = annotations[TP_ANNOTATION.reachableBackends];
    if (backends !== undefined) tp['reachableBackends'] = reachableBackendsFor(backends, readYaml);
  }
  if (enabled) {
    const inbound = readUint32(annotations, TP_ANNOTATION.inboundPort);
    if (inbound === undefined) throw new ConversionError('transparent proxying inbound port has to be set in transparent mode');
    const outbound = readUint32(annotations, TP_ANNOTATION.outboundPort);
    if (outbound === undefined) throw new ConversionError('transparent proxying outbound port has to be set in transparent mode');
    if (inbound !== 0) tp['redirectPortInbound'] = inbound;
    if (outbound !== 0) tp['redirectPortOutbound'] = outbound;
    const modeText = annotations[TP_ANNOTATION.ipFamilyMode] ?? 'dualstack';
    if (modeText !== '') {
      const mode = IP_FAMILY_MODES[modeText];
      if (mode === undefined) throw new ConversionError(`invalid ip family mode '${modeText}'`);
      tp['ipFamilyMode'] = mode;
    }
  }
  return Object.keys(tp).length > 0 ? tp : undefined;
}
